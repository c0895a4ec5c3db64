"""The bubblewrap sandbox shows learners' code an allow-list, read-only; writes stay in a scratch copy; no network."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time

import pytest

from apilab.grading.limits import LIMITS, Cgroup, Limits, cgroup_version, in_force
from apilab.grading.sandbox import folder_usage, package_folder, safe_metadata, sandbox_command, sandbox_problem

needs_bwrap = pytest.mark.skipif(bool(sandbox_problem()) and os.environ.get("CI") != "true",
                                 reason=sandbox_problem() or "bwrap works")


def run_sandboxed(code: str, workdir, files=(), **options) -> subprocess.CompletedProcess:
    command = sandbox_command([sys.executable, "-c", code], workdir, files=files, **options)
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=workdir)


@pytest.fixture
def course(tmp_path):
    """A course folder with a secret beside a learner's working copy, and a canary in the grader's home."""
    (tmp_path / "course" / "solutions").mkdir(parents=True)
    (tmp_path / "course" / "solutions" / "answer.txt").write_text("the answer")
    (tmp_path / "course" / "gradebook.db").write_text("grades")
    work = tmp_path / "course" / "autograded" / "alice"
    work.mkdir(parents=True)
    (work / "helper.py").write_text("HELP = 1\n")
    return tmp_path


@needs_bwrap
def test_bwrap_works_here():
    assert sandbox_problem() == ""


@needs_bwrap
def test_only_the_allow_list_is_there(course):
    """The course folder, the grader's home, /var, /srv, /home: none of it is visible; the working copy holds
    only the files given to it."""
    code = ("import os\n"
            "for path in ['" + str(course / "course" / "solutions") + "', '" + str(course / "course" / "gradebook.db")
            + "', os.path.expanduser('~root/.bashrc'), '/var', '/srv', '/home', '/etc/shadow', '/run']:\n"
            "    print(os.path.exists(path), end=' ')\n"
            "print(sorted(os.listdir('.')), sorted(os.listdir('/etc')))")
    done = run_sandboxed(code, course / "course" / "autograded" / "alice",
                         files=[course / "course" / "autograded" / "alice" / "helper.py"])
    assert done.returncode == 0, done.stderr
    shown = done.stdout.split(" ", 8)
    assert shown[:8] == ["False"] * 8, done.stdout
    assert "['helper.py']" in shown[8] and "'shadow'" not in shown[8]


@needs_bwrap
def test_the_environment_is_rebuilt_from_an_allow_list(course, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "canary-token-1234")
    monkeypatch.setenv("NBGRADER_DB_URL", "postgresql://grader:secret@127.0.0.1/gradebook")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "canary-django-key")  # the grader's own deployment settings ...
    monkeypatch.setenv("PYTHONPATH", "/srv/canary-path")  # ... and import path stay outside too
    done = run_sandboxed("import os; print(sorted(os.environ.items()))", course / "course" / "autograded" / "alice")
    assert done.returncode == 0, done.stderr
    assert "canary" not in done.stdout and "secret" not in done.stdout
    assert "('NBGRADER_EXECUTION', 'autograde')" in done.stdout
    # The import path names the package the sandbox binds, whatever install the venv points at.
    assert f"('PYTHONPATH', '{package_folder().parent}')" in done.stdout


@needs_bwrap
def test_the_courses_ready_made_answers_are_hidden_but_what_an_exercise_needs(course):
    code = ("import importlib.util as u\n"
            "print([u.find_spec(name) is not None for name in ('apilab.lessons.products_builds',"
            " 'apilab.lessons.products_drf_build', 'apilab.measure.bench_apps.drf_urls', 'apilab.contract.checks')])")
    work = course / "course" / "autograded" / "alice"
    assert run_sandboxed(code, work).stdout.strip() == "[False, False, False, True]"
    shown = run_sandboxed(code, work, answers_visible=("lessons/products_builds.py",))
    assert shown.stdout.strip() == "[True, False, False, True]", shown.stderr
    assert (package_folder() / "lessons" / "products_drf_build.py").is_file()  # hidden inside only


@needs_bwrap
def test_the_code_inside_cannot_undo_the_mounts_or_reach_the_grader(course):
    """Run as root, the sandbox still drops every capability and has its own pids."""
    grader = os.getpid()
    code = ("import ctypes, os\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "umount = libc.umount2(b'" + str(package_folder() / "lessons") + "', 2)\n"
            "remount = libc.mount(None, b'/', None, 4096 | 32, None)\n"  # MS_REMOUNT | MS_BIND
            "caps = [line.split()[1] for line in open('/proc/self/status') if line.startswith('CapEff')][0]\n"
            "try:\n    os.kill(" + str(grader) + ", 0)\n    signalled = True\nexcept OSError:\n    signalled = False\n"
            "print(umount, remount, caps, signalled)")
    done = run_sandboxed(code, course / "course" / "autograded" / "alice")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["-1", "-1", "0000000000000000", "False"], done.stdout


@needs_bwrap
def test_writes_stay_in_the_scratch_copy_which_is_size_limited(course):
    work = course / "course" / "autograded" / "alice"
    code = ("open('mine.txt', 'w').write('ok')\n"
            "try:\n    open('helper.py', 'w')\nexcept OSError as error:\n    print(error.errno)\n"
            "try:\n    open('big', 'wb').write(b'x' * (3 * 1024 * 1024))\nexcept OSError as error:\n"
            "    print(error.errno)")
    done = run_sandboxed(code, work, files=[work / "helper.py"], limits=Limits(disk_mib=2, file_mib=64))
    assert done.stdout.split() == ["30", "28"], done  # EROFS (the course's file), ENOSPC (the disk limit)
    assert sorted(path.name for path in work.iterdir()) == ["helper.py"]  # nothing came back


@needs_bwrap
def test_limits_on_memory_files_and_time_apply(course):
    work = course / "course" / "autograded" / "alice"
    code = ("import resource\n"
            "print(resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20, resource.getrlimit(resource.RLIMIT_NOFILE)[0])\n"
            "try:\n    b = bytearray(400 * 2**20)\nexcept MemoryError:\n    print('MemoryError', flush=True)\n"
            "import time\ntime.sleep(30)")
    done = run_sandboxed(code, work, limits=Limits(memory_mib=300, open_files=64, wall_seconds=3))
    assert done.stdout.split() == ["300", "64", "MemoryError"], done
    assert done.returncode == -14  # SIGALRM: killed at the wall-clock limit


@needs_bwrap
@pytest.mark.skipif(not cgroup_version(), reason="this machine does not let the grader make control groups")
def test_a_control_group_counts_every_process_of_the_tree(course):
    work = course / "course" / "autograded" / "alice"
    group = Cgroup.create(Limits(processes=20))
    try:
        code = ("import os, time\nborn = 0\n"
                "for _ in range(60):\n    try:\n        pid = os.fork()\n    except OSError:\n        break\n"
                "    if pid == 0:\n        time.sleep(5)\n        os._exit(0)\n    born += 1\n"
                "print(born)")
        done = run_sandboxed(code, work, cgroup=group)
        assert 0 < int(done.stdout.split()[0]) < 20, done
    finally:
        group.remove()
    assert not any(folder.exists() for folder in group.folders)


def test_which_limits_apply_is_said_in_words():
    text = in_force(LIMITS)
    assert f"{LIMITS.memory_mib} MiB" in text and ("cgroup v" in text or "no cgroup" in text)


@needs_bwrap
def test_without_network_only_its_own_loopback(course):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        code = (f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
                "    print('reached')\nexcept OSError:\n    print('refused')")
        assert run_sandboxed(code, course / "course" / "autograded" / "alice").stdout.strip() == "refused"
    finally:
        server.shutdown()
        server.server_close()


@needs_bwrap
def test_a_grading_kernel_works_in_a_scratch_copy_with_its_own_loopback(course):
    """A kernel as nbgrader starts it while grading: it serves and calls its own app on 127.0.0.1, cannot reach
    the machine's loopback, and what it writes never reaches the autograded folder."""
    import nbformat
    from nbclient import NotebookClient

    from apilab.grading.sandbox import SandboxedKernelManager

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    work = course / "course" / "autograded" / "alice"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import socket, threading, http.server\n"
        "own = http.server.ThreadingHTTPServer(('127.0.0.1', 0), http.server.SimpleHTTPRequestHandler)\n"
        "threading.Thread(target=own.serve_forever, daemon=True).start()\n"
        "socket.create_connection(own.server_address, timeout=3).close()\n"
        "open('left-behind.html', 'w').write('<script>x</script>')\n"
        "import helper\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {server.server_address[1]}), timeout=3)\n"
        "    print('machine reached', helper.HELP)\n"
        "except OSError:\n"
        "    print('own loopback only', helper.HELP)")])
    folders = []

    class Recording(SandboxedKernelManager):
        async def _async_pre_start_kernel(self, **kw):
            started = await super()._async_pre_start_kernel(**kw)
            folders.append((self.transport, self._socket_folder))
            return started

    client = NotebookClient(notebook, timeout=60, kernel_name="python3", kernel_manager_class=Recording,
                            resources={"metadata": {"path": str(work)}})
    try:
        client.execute()
    finally:
        server.shutdown()
        server.server_close()
    assert notebook.cells[0].outputs[0]["text"].strip() == "own loopback only 1", notebook.cells[0].outputs
    [(transport, folder)] = folders
    assert transport == "ipc" and folder and not os.path.exists(folder)  # its sockets' folder is gone
    assert sorted(path.name for path in work.iterdir()) == ["helper.py"]


@needs_bwrap
# The kernel's garbled channels leave a ZeroMQ socket unclosed when the client stops: Python warns, nothing more.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_kernel_whose_sockets_the_learner_garbled_is_stopped_not_waited_for(course):
    """Code writing garbage to the kernel's own ZeroMQ sockets leaves it answering nothing: its output times out,
    or after a few cells past their time limit the kernel is stopped; nothing of the grader waits on it forever."""
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from sample_answers.hostile import GARBLE_THE_KERNEL

    from apilab.grading.sandbox import TIMEOUTS, SandboxedExecute

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(GARBLE_THE_KERNEL)] +
                                        [nbformat.v4.new_code_cell("1 + 1") for _ in range(TIMEOUTS + 2)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    started = time.monotonic()
    with pytest.raises((DeadKernelError, CellTimeoutError)):  # either ends the notebook's grading, saying why
        SandboxedExecute(timeout=3).preprocess(
            notebook, {"metadata": {"path": str(course / "course" / "autograded" / "alice")}})
    assert time.monotonic() - started < 60


def test_the_socket_folder_is_measured_in_every_subfolder_and_by_its_entries(tmp_path):
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "big").write_bytes(b"x" * 300_000)
    (tmp_path / "link").symlink_to("/usr/lib")  # a link counts as itself, not as what it leads to
    assert 300_000 <= folder_usage(tmp_path, 10**6, 100) < 10**6
    assert folder_usage(tmp_path, 100_000, 100) > 100_000  # the file two folders down is counted
    for number in range(20):
        (tmp_path / f"empty{number}").touch()
    assert folder_usage(tmp_path, 10**6, 10) > 10**6  # many empty files pass the limit too


def test_display_metadata_keeps_numbers_only():
    metadata = {"image/png": {"width": "1 onerror=alert(1)//", "height": 40, "unconfined": True},
                "text/html": {"isolated": "<script>"}, "image/jpeg": {"width": True}}
    assert safe_metadata(metadata) == {"image/png": {"height": 40}}
    assert safe_metadata("not a dict") == {}


def test_markdown_is_shown_sanitized_without_harmful_links():
    """nbgrader's feedback and formgrade templates render markdown cells without sanitizing: the course's filter
    (HTMLExporter.filters in nbgrader_config.py) does it for them."""
    from apilab.grading.safe_markdown import markdown2html

    source = ("My notes: [my plot](javascript:alert(1)) and [the docs](https://flask.palletsprojects.com) "
              "<img src=x onerror=alert(2)><script>alert(3)</script> **bold**")
    html = markdown2html({"cell": {}, "resources": {}}, source)
    assert 'href="https://flask.palletsprojects.com"' in html and "<strong>bold</strong>" in html
    assert "javascript:" not in html and "onerror" not in html and "<script>" not in html
