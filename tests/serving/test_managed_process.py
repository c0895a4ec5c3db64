"""apilab.serving.managed_process: output is kept, readiness errors are one line, stop() takes the whole group."""

import signal
import sys
import textwrap
import time

import psutil
import pytest

from apilab.serving.managed_process import ManagedProcess, ProcessHandle, one_line

# Prints its pid, starts the next generation (which ignores SIGTERM, so it outlives the leader
# unless the whole group is killed), and says when the youngest has started.
FAMILY = textwrap.dedent(
    """
    import os, signal, subprocess, sys, time
    generations = int(sys.argv[1])
    if len(sys.argv) > 2:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print("pid", os.getpid(), flush=True)
    if generations:
        subprocess.Popen([sys.executable, __file__, str(generations - 1), "descendant"])
    else:
        print("youngest started", flush=True)
    time.sleep(60)
    """
)


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_output_is_kept_and_readable_after_stop():
    program = ManagedProcess(python("import sys, time; print('to stdout', flush=True); "
                                    "print('to stderr', file=sys.stderr, flush=True); time.sleep(60)"),
                             name="echo")
    with program:
        assert program.running and program.pid == program.process.pid
        program.wait_until(lambda: "to stderr" in program.log(), timeout=10, what="printing")
        assert "to stdout" in program.log()
    assert not program.running
    assert "to stdout" in program.log() and "to stderr" in program.log()
    assert "echo" in repr(program)


def test_a_log_file_follows_the_output_and_is_kept_after_stop(tmp_path):
    log_file = tmp_path / "program.log"
    code = f"import time; print('printed', flush=True); open({str(log_file)!r}, 'w').write('logged'); time.sleep(60)"
    with ManagedProcess(python(code), log_file=log_file) as program:
        program.wait_until(lambda: program.log().endswith("logged"), timeout=10)
        assert program.log() == "printed\nlogged"
    log_file.unlink()  # as the lessons' handles delete their folders
    assert program.log() == "printed\nlogged"


def test_a_program_that_exits_is_a_one_line_error_with_the_end_of_its_output():
    lines = "; ".join(f"print('line {n}')" for n in range(1, 60))
    with ManagedProcess(python(f"{lines}; raise SystemExit(3)"), name="counter") as program:
        with pytest.raises(RuntimeError, match="counter exited with code 3 before it was listening: ") as error:
            program.wait_until(lambda: False, timeout=30, what="listening", tail=200)
    message = str(error.value)
    assert "\n" not in message
    assert message.endswith("line 58 | line 59")
    assert "line 1 |" not in message  # only the tail


def test_time_running_out_is_a_one_line_error_and_leaves_the_program_to_stop():
    with ManagedProcess(python("import time; print('starting'); print('still starting', flush=True); time.sleep(60)"),
                        name="slowpoke") as program:
        program.wait_until(lambda: "still starting" in program.log(), timeout=10)
        with pytest.raises(TimeoutError, match="slowpoke was not ready after 1 s: ") as error:
            program.wait_until(lambda: False, timeout=1)
        assert str(error.value).endswith("starting | still starting")
        assert program.running
    assert not program.running


def test_wait_until_may_quote_another_log():
    with ManagedProcess(python("raise SystemExit(1)")) as program:
        with pytest.raises(RuntimeError, match=r"^python\S* exited with code 1 before it was ready: from \| a file$"):
            program.wait_until(lambda: False, timeout=30, log=lambda: "from\na file\n")


def test_stop_takes_the_whole_group_even_descendants_that_ignore_sigterm(tmp_path):
    script = tmp_path / "family.py"
    script.write_text(FAMILY)
    program = ManagedProcess([sys.executable, script, "2"])
    try:
        program.wait_until(lambda: "youngest started" in program.log(), timeout=30, what="started")
        pids = [int(line.split()[1]) for line in program.log().splitlines() if line.startswith("pid ")]
        assert len(pids) == 3 and pids[0] == program.pid and all(alive(pid) for pid in pids)
    finally:
        program.stop()
    assert program.process.returncode == -signal.SIGTERM  # the leader stopped when asked
    deadline = time.monotonic() + 10  # SIGKILL is delivered when the killed process next runs
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in pids if alive(pid)] == []
    program.stop()  # safe twice


def test_a_leader_that_ignores_its_stop_signal_is_killed_after_the_timeout():
    code = ("import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('deaf', flush=True); "
            "time.sleep(60)")
    with ManagedProcess(python(code)) as program:
        program.wait_until(lambda: "deaf" in program.log(), timeout=10)
        program.stop(timeout=0.5)
    assert program.process.returncode == -signal.SIGKILL


def test_the_stop_signal_can_be_chosen():
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); time.sleep(60)"
    with ManagedProcess(python(code), stop_signal=signal.SIGUSR1) as program:
        program.wait_until(lambda: "up" in program.log(), timeout=10)
    assert program.process.returncode == -signal.SIGUSR1


@pytest.mark.parametrize("command", ["python -c pass", [], [sys.executable, 3], None])
def test_a_bad_command_is_a_one_line_type_error(command):
    with pytest.raises(TypeError, match="command must be") as error:
        ManagedProcess(command)
    assert "\n" not in str(error.value)


def test_a_bad_timeout_is_a_one_line_value_error():
    with ManagedProcess(python("import time; time.sleep(60)")) as program:
        with pytest.raises(ValueError, match="timeout must be seconds >= 0"):
            program.wait_until(lambda: True, timeout=-1)


def test_one_line_joins_lines_and_keeps_the_end():
    assert one_line("a\n\n  b \nc\n") == "a | b | c"
    assert one_line("") == "(no output)"
    assert one_line("x" * 50 + "\nend", chars=6) == "... | end"


class Greeter(ProcessHandle):
    """A handle like the lessons' servers: ready once the program has said hello."""

    def __init__(self, code: str, timeout: float = 10, started: list | None = None) -> None:
        self.program = ManagedProcess(python(code), name="greeter")
        if started is not None:
            started.append(self.program)
        self._start(self.program, lambda: "hello" in self.log(), timeout)


def test_a_handle_delegates_to_its_program_and_stops_with_the_with_block():
    with Greeter("import time; print('hello', flush=True); time.sleep(60)") as greeter:
        assert greeter.running and greeter.pid == greeter.process.pid == greeter.program.pid
    assert not greeter.running and "hello" in greeter.log()


def test_a_handle_that_never_gets_ready_stops_its_program():
    started = []
    with pytest.raises(TimeoutError, match="greeter was not ready after 1 s: "):
        Greeter("import time; time.sleep(60)", timeout=1, started=started)
    assert len(started) == 1 and not started[0].running



@pytest.mark.parametrize("pass_env", [False, True])
def test_programs_do_not_inherit_the_kernels_django_switch(pass_env, monkeypatch):
    """setup_django sets DJANGO_ALLOW_ASYNC_UNSAFE for the kernel's event loop only."""
    import os
    import sys

    from apilab.serving.managed_process import ManagedProcess

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    monkeypatch.setenv("KEPT", "yes")
    script = "import os; print(os.environ.get('DJANGO_ALLOW_ASYNC_UNSAFE', 'unset'), os.environ['KEPT'])"
    env = dict(os.environ) if pass_env else None
    with ManagedProcess([sys.executable, "-c", script], env=env) as program:
        program.process.wait(30)
        assert program.log().split() == ["unset", "yes"]
