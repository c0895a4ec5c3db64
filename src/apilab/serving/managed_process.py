"""Run a program out of the kernel, wait until it is ready, and stop it with everything it started.

The servers, load balancers, brokers and workers the lessons start all run this way: in a
process group of their own, their output kept in a temporary file (``.log()``, still readable
after ``stop()``), dying with the kernel that started them; ``wait_until`` raises a one-line
error ending with the tail of that output if the program exits or time runs out, ``stop()``
stops the whole group and is safe to call twice, and ``ProcessHandle`` is the base of the
lessons' handles that own one such program::

    from apilab.serving.process_servers import accepts_connections, free_port

    port = free_port()
    with ManagedProcess([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]) as program:
        program.wait_until(lambda: accepts_connections(port), timeout=10, what="listening")
"""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable

# Set by setup_django() for the kernel only: a process started from the kernel
# (a server, manage.py) has no event loop, and `check --deploy` rightly warns
# when it finds this variable.
KERNEL_ONLY_VARIABLES = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def child_environment(extra: dict | None = None, base: dict | None = None) -> dict:
    """Return ``base`` (this process's environment) plus ``extra``, without kernel-only variables."""
    base = os.environ if base is None else base
    env = {key: value for key, value in base.items() if key not in KERNEL_ONLY_VARIABLES}
    env.update(extra or {})
    return env


# Developer notes: the program starts a new session (``start_new_session=True``), so it leads a
# process group whose id is its pid, and everything it starts (gunicorn's workers, nginx's
# workers, a shell's children) joins that group. stop() signals the group, not just the pid,
# then SIGKILLs the group once more for members that outlived their leader; it does that once
# only, because after the leader is reaped its pid may be reused. Between fork and exec the
# child asks Linux to SIGTERM it when its parent dies (``prctl(PR_SET_PDEATHSIG)``), so a
# kernel killed outright leaves no program behind; if the parent died before that call, the
# child ends itself. PDEATHSIG follows the *thread* that forked the child: a program started
# from a short-lived thread would be stopped when that thread ends, so start them from the
# thread that owns them. Elsewhere than Linux the call fails quietly and only stop() cleans up.

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask Linux to SIGTERM this process when its parent dies (a ``preexec_fn`` for Popen)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        return  # not Linux
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)  # the parent is already gone: never run the program


def kill_and_close(process: subprocess.Popen) -> None:
    """Kill ``process`` if it still runs, reap it, and close the pipes this side holds to it."""
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass


def one_line(text: str, chars: int = 600) -> str:
    """Return the last ``chars`` characters of ``text`` with its lines joined by " | "."""
    joined = " | ".join(line.strip() for line in text.splitlines() if line.strip())
    if not joined:
        return "(no output)"
    return joined if len(joined) <= chars else "..." + joined[-chars:]


class ManagedProcess:
    """A program in its own process group, its output (stdout and stderr) in a temporary file."""

    def __init__(self, command, *, name: str | None = None, cwd=None, env: dict | None = None,
                 stop_signal: int = signal.SIGTERM, log_file=None) -> None:
        if isinstance(command, (str, bytes)) or not hasattr(command, "__iter__"):
            raise TypeError(f"command must be a list of arguments, got {command!r}")
        command = list(command)
        if not command or not all(isinstance(part, (str, os.PathLike)) for part in command):
            raise TypeError(f"command must be a non-empty list of strings, got {command!r}")
        self.command = [os.fspath(part) for part in command]
        self.name = name or os.path.basename(self.command[0])
        self.stop_signal = stop_signal
        self.log_file = log_file  # where the program logs besides its output, if anywhere
        self._log = tempfile.TemporaryFile(mode="w+b")
        self._final_log = ""
        self._stopped = False
        # The kernel's own Django switch must not reach programs started from it.
        env = child_environment(base=env)
        try:
            self.process = subprocess.Popen(
                self.command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=self._log,
                stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=functools.partial(die_with_parent, os.getpid()),
            )
        except BaseException:
            self._log.close()
            raise
        self.pid = self.process.pid

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    @property
    def returncode(self) -> int | None:
        return self.process.poll()

    def log(self) -> str:
        """Return what the program has printed so far, then its ``log_file`` (all of it, after stop())."""
        if self._log.closed:
            return self._final_log
        self._log.seek(0)
        text = self._log.read().decode(errors="replace")
        if self.log_file is not None:
            try:
                with open(self.log_file, errors="replace") as file:
                    text += file.read()
            except FileNotFoundError:
                pass
        return text

    def wait_until(self, predicate: Callable[[], bool], timeout: float, what: str = "ready",
                   log: Callable[[], str] | None = None, tail: int = 600, interval: float = 0.02) -> None:
        """Poll ``predicate()`` until it is true; raise if the program exits or ``timeout`` s pass first.

        The error is one line: "<name> exited with code N before it was <what>: <tail>" (RuntimeError)
        or "<name> was not <what> after T s: <tail>" (TimeoutError), the tail of ``log()`` (this
        program's log unless another function, picking out what matters, is given).
        """
        if not callable(predicate):
            raise TypeError(f"predicate must be a function returning True when ready, got {predicate!r}")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
            raise ValueError(f"timeout must be seconds >= 0, got {timeout!r}")
        read_log = log or self.log
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with code {self.process.returncode} "
                                   f"before it was {what}: {one_line(read_log(), tail)}")
            if predicate():
                return
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{self.name} was not {what} after {timeout:.0f} s: "
                                   f"{one_line(read_log(), tail)}")
            time.sleep(interval)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the program and every process in its group (safe to call twice)."""
        if self.process.poll() is None:
            try:
                os.killpg(self.pid, self.stop_signal)
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._kill_group()
                self.process.wait()
            except ProcessLookupError:
                self.process.wait()
        if not self._stopped:
            self._stopped = True
            self._kill_group()  # members that outlived the leader
            self._final_log = self.log()
            self._log.close()

    def _kill_group(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self) -> ManagedProcess:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else f"exited with code {self.process.returncode}"
        return f"<ManagedProcess {self.name!r} pid {self.pid} {state}>"


class ProcessHandle:
    """Base for an object owning one ManagedProcess: ``.pid``, ``.running``, ``.log()``, ``.stop()``, ``with``."""

    _program: ManagedProcess

    def _start(self, program: ManagedProcess, ready: Callable[[], bool], timeout: float, **wait_options) -> None:
        """Own ``program`` and wait until ``ready()``; if it never is, stop() and re-raise."""
        self._program = program
        self.process, self.pid = program.process, program.pid
        try:
            program.wait_until(ready, timeout, **wait_options)
        except BaseException:
            self.stop()
            raise

    @property
    def running(self) -> bool:
        return self._program.running

    def log(self) -> str:
        """Return what the program has printed (then written to its log file) so far."""
        return self._program.log()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the program and every process it started (safe to call twice)."""
        self._program.stop(timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
