"""The bubblewrap sandbox hides what learners' code must not read, keeps writes in its folder, cuts the network."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading

import pytest

from apilab.grading.sandbox import sandbox_command, sandbox_problem

needs_bwrap = pytest.mark.skipif(bool(sandbox_problem()) and os.environ.get("CI") != "true",
                                 reason=sandbox_problem() or "bwrap works")


def run_sandboxed(code: str, workdir, hidden, network=True) -> subprocess.CompletedProcess:
    command = sandbox_command([sys.executable, "-c", code], workdir, hidden, network=network)
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@pytest.fixture
def course(tmp_path):
    """A course folder with a secret, and a learner's working copy somewhere else."""
    (tmp_path / "course" / "solutions").mkdir(parents=True)
    (tmp_path / "course" / "solutions" / "answer.txt").write_text("the answer")
    (tmp_path / "gradebook.db").write_text("grades")
    work = tmp_path / "course" / "autograded" / "alice"
    work.mkdir(parents=True)
    return tmp_path


@needs_bwrap
def test_bwrap_works_here():
    assert sandbox_problem() == ""


@needs_bwrap
def test_hidden_folders_and_files_cannot_be_read(course):
    code = ("import os\n"
            "try:\n    secret = open('" + str(course / "gradebook.db") + "').read()\nexcept OSError:\n    secret = ''\n"
            "print(os.listdir('..'), os.path.exists('../../solutions/answer.txt'), secret == 'grades')")
    done = run_sandboxed(code, course / "course" / "autograded" / "alice",
                         [course / "course", course / "gradebook.db"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["['alice']", "False", "False"]


@needs_bwrap
def test_the_code_inside_cannot_undo_the_hiding_or_reach_the_grader(course, monkeypatch):
    """Run as root, the sandbox still drops every capability, has its own pids and no grader variables."""
    monkeypatch.setenv("APILAB_SANDBOX_HIDE", str(course / "course"))
    monkeypatch.setenv("NBGRADER_DB_URL", "postgresql://grader:secret@127.0.0.1/gradebook")
    grader = os.getpid()
    code = ("import ctypes, os\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "umount = libc.umount2(b'" + str(course / "course") + "', 2)\n"
            "remount = libc.mount(None, b'/', None, 4096 | 32, None)\n"  # MS_REMOUNT | MS_BIND
            "caps = [line.split()[1] for line in open('/proc/self/status') if line.startswith('CapEff')][0]\n"
            "try:\n    os.kill(" + str(grader) + ", 0)\n    signalled = True\nexcept OSError:\n    signalled = False\n"
            "print(umount, remount, caps, signalled, os.path.exists('" + str(course / "course" / "solutions") + "'),\n"
            "      'APILAB_SANDBOX_HIDE' in os.environ, 'NBGRADER_DB_URL' in os.environ)")
    done = run_sandboxed(code, course / "course" / "autograded" / "alice", [course / "course"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["-1", "-1", "0000000000000000", "False", "False", "False", "False"], done.stdout


@needs_bwrap
def test_writes_stay_in_the_working_copy(course):
    work = course / "course" / "autograded" / "alice"
    outside = os.path.join(os.path.dirname(sys.executable), "written-by-a-learner.txt")
    code = ("open('mine.txt', 'w').write('ok')\n"
            "open('" + str(course / "in-tmp.txt") + "', 'w').write('private')\n"
            "try:\n    open('" + outside + "', 'w')\nexcept OSError as error:\n    print(error.errno)")
    done = run_sandboxed(code, work, [course / "course"])
    assert done.returncode == 0, done.stderr
    assert (work / "mine.txt").read_text() == "ok"
    assert not (course / "in-tmp.txt").exists(), "the sandbox's /tmp is its own"
    assert not os.path.exists(outside)
    assert done.stdout.strip() == "30"  # EROFS: read-only file system


@needs_bwrap
def test_without_network_only_its_own_loopback(course):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        code = (f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
                "    print('reached')\nexcept OSError:\n    print('refused')")
        work = course / "course" / "autograded" / "alice"
        assert run_sandboxed(code, work, [course / "course"], network=False).stdout.strip() == "refused"
        assert run_sandboxed(code, work, [course / "course"], network=True).stdout.strip() == "reached"
    finally:
        server.shutdown()
        server.server_close()


@needs_bwrap
@pytest.mark.skipif(not os.access("/run", os.W_OK), reason="needs to make a socket in /run, as a service does (root)")
def test_the_machines_service_sockets_cannot_be_reached(course):
    """A service's Unix socket in /run (a local PostgreSQL's lets the grader's own user in) is not there inside."""
    import socket
    import tempfile

    folder = tempfile.mkdtemp(prefix="apilab-test-", dir="/run")
    path = os.path.join(folder, "service.sock")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(1)
    try:
        code = (f"import socket\ns = socket.socket(socket.AF_UNIX)\ntry:\n    s.connect({path!r})\n"
                "    print('reached')\nexcept OSError:\n    print('not there')")
        work = course / "course" / "autograded" / "alice"
        assert run_sandboxed(code, work, [course / "course"], network=False).stdout.strip() == "not there"
        outside = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
        assert outside.stdout.strip() == "reached"  # the same code outside the sandbox gets through
    finally:
        listener.close()
        os.unlink(path)
        os.rmdir(folder)


@needs_bwrap
def test_a_grading_kernel_has_its_own_loopback_and_no_other_network(course, monkeypatch):
    """A kernel as nbgrader starts it while grading: it serves and calls its own app on 127.0.0.1, but cannot
    reach what listens on the machine's loopback (a gradebook database, another learner's app)."""
    import nbformat
    from nbclient import NotebookClient

    from apilab.grading.sandbox import HIDE_VARIABLE, SandboxedKernelManager

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv(HIDE_VARIABLE, str(course / "course"))
    work = course / "course" / "autograded" / "alice"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import socket, threading, http.server\n"
        "own = http.server.ThreadingHTTPServer(('127.0.0.1', 0), http.server.SimpleHTTPRequestHandler)\n"
        "threading.Thread(target=own.serve_forever, daemon=True).start()\n"
        "socket.create_connection(own.server_address, timeout=3).close()\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {server.server_address[1]}), timeout=3)\n"
        "    print('machine reached')\n"
        "except OSError:\n"
        "    print('own loopback only')")])
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
    assert notebook.cells[0].outputs[0]["text"].strip() == "own loopback only"
    [(transport, folder)] = folders
    assert transport == "ipc" and folder and not os.path.exists(folder)  # its sockets' folder is gone
