"""The grader's handle on the verification process (``verify_runner``): start it, ask it, reach the apps it serves.

``Runner`` starts ``python -m apilab.grading.verify_runner`` on a submission's
working copy, in the sandbox (a scratch copy of its own, without network) when
bwrap works, waits for the learner's cells to run, then sends one request per
line and reads one JSON reply per line, each within a time limit and a size
limit: nothing the process writes can make the grader wait longer or hold more.

The apps the process serves listen on Unix sockets the grader made in a folder
of its own, which the sandbox never sees: the process inherits them already
listening (``SOCKETS`` of them) and a reply names one by its number, which the
grader turns into an ``http+unix://`` URL for the contract checks. No file the
learner's code writes reaches the grader's disk.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from apilab.contract.client import UNIX_SCHEME
from apilab.grading import query_shim
from apilab.grading.limits import LIMITS, Cgroup, cgroup_version
from apilab.grading.sandbox import native_folders, sandbox_command, sandbox_problem
from apilab.serving.managed_process import kill_and_close

START_TIME_LIMIT = 180.0  # seconds the runner may take to run the setup and answer cells
REPLY_TIME_LIMIT = 90.0  # seconds one request may take
REPLY_BYTES = 4 * 1024 * 1024  # the longest reply line read; a longer one ends the process
SOCKETS = 32  # listening sockets the process gets, each for one app it serves
ENDED = "the process serving the answer ended (it crashed or exited)"


class Runner:
    """The learner's answer run by ``verify_runner`` in a process of its own; ``ask`` sends one request."""

    def __init__(self, notebook: Path, assignment: str, workdir: Path, answers_visible: tuple[str, ...] = (),
                 variant: dict | None = None, sockets: tuple[str, ...] = (), count_queries: bool = False):
        self.notebook, self.assignment, self.answers_visible = Path(notebook), assignment, answers_visible
        self.count_queries = count_queries
        self.workdir = Path(workdir).resolve()
        self.sandboxed = not sandbox_problem()
        self.instructor_files: dict[str, str] = {}  # files of the instructor's copy, set by verify_notebook
        self._sockets_folder = Path(tempfile.mkdtemp(prefix="apilab-sockets-"))  # the grader's alone
        self._listeners = []
        for number in range(SOCKETS):
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(str(self._sockets_folder / str(number)))
            listener.listen(64)
            self._listeners.append(listener)
        fds = [listener.fileno() for listener in self._listeners]
        argv = [sys.executable, "-m", "apilab.grading.verify_runner", str(notebook), assignment,
                "--fds", ",".join(map(str, fds))]
        env = {"PYTHONSAFEPATH": "1", "MPLBACKEND": "Agg"}
        self.statements = StatementLog() if count_queries else None
        self.count_problem = ""  # why the statements are counted in Python, not by query_shim's C library
        readable = []
        if self.statements is not None:  # the pipe's write end goes to the process, its read end stays here
            argv += ["--query-log", str(self.statements.write_end)]
            fds.append(self.statements.write_end)
            library, self.count_problem = query_shim.built()
            if library is not None:  # set by env(1) for the answer's Python alone: not for the launcher or bwrap
                counting = query_shim.environment(library, self.statements.write_end, native_folders())
                argv = ["/usr/bin/env", *(f"{name}={value}" for name, value in counting.items()), *argv]
                readable.append(library)
        self._cgroup = None
        self._wrapped_cgroups: list[Cgroup] = []
        if self.sandboxed:
            if cgroup_version():
                self._cgroup = Cgroup.create(LIMITS)
            files = [path for path in self.workdir.iterdir() if path.is_file()]
            argv = sandbox_command(argv, self.workdir, files=files, answers_visible=answers_visible,
                                   cgroup=self._cgroup, env=env, sockets=sockets, readable=readable,
                                   proc=not count_queries)
        environment = {**os.environ, **env}
        environment.pop("NBGRADER_EXECUTION", None)
        try:
            self.process = subprocess.Popen(argv, cwd=self.workdir, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL, env=environment, pass_fds=fds)
        except BaseException:  # nothing started: close what was made for it
            if self.statements is not None:
                self.statements.close()
            for listener in self._listeners:
                listener.close()
            shutil.rmtree(self._sockets_folder, ignore_errors=True)
            raise
        if self.statements is not None:
            self.statements.started()
        self._buffer = b""
        self._stalled = ""
        os.set_blocking(self.process.stdout.fileno(), False)
        try:  # the first line the process reads: the run's variant, given before any of the learner's code runs
            self.process.stdin.write((json.dumps(variant or {}) + "\n").encode())
            self.process.stdin.flush()
        except OSError:
            pass

    def variant(self, variant: dict, sockets: tuple[str, ...] = ()) -> Runner:
        """Another verification process on the same working copy, running the exercise's ``variant`` (JSON data),
        with the grader's Unix ``sockets`` reachable at their own paths."""
        return Runner(self.notebook, self.assignment, self.workdir, self.answers_visible, variant, sockets,
                      self.count_queries)

    def sandbox_wrap(self, folder: str | os.PathLike):
        """A function ``wrap(argv, env)`` putting a command line in a sandbox whose working folder is a scratch
        copy of ``folder`` (its files read-only), in a control group of its own, with only the variables of the
        allow-list and ``env``, and the grader's Unix ``sockets`` reachable at their own paths; None when the
        answer is not sandboxed (the command then runs as it is)."""
        if not self.sandboxed:
            return None
        folder = Path(folder)

        def wrap(argv: list[str], env: dict[str, str] | None = None, sockets: tuple[str, ...] = ()) -> list[str]:
            cgroup = Cgroup.create(LIMITS) if self._cgroup is not None else None
            if cgroup is not None:
                self._wrapped_cgroups.append(cgroup)  # removed, with what is left in it, by stop()
            files = [path for path in folder.iterdir() if path.is_file()]
            return sandbox_command(argv, folder, files=files, cgroup=cgroup, env=env, sockets=sockets)

        return wrap

    def _read(self, limit: float) -> dict:
        """The next reply that is a JSON object, within ``limit`` seconds; lines of anything else are passed over."""
        deadline = time.monotonic() + limit
        stream = self.process.stdout.fileno()
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                try:
                    reply = json.loads(line)
                except (ValueError, RecursionError):  # not JSON, or nested deeper than Python parses
                    continue
                if isinstance(reply, dict):  # the learner's code can write here too: anything else is passed over
                    return reply
            if len(self._buffer) > REPLY_BYTES:
                self.process.kill()
                return {"error": f"the process serving the answer wrote a line longer than {REPLY_BYTES} bytes"}
            left = deadline - time.monotonic()
            if left <= 0:
                self._stalled = f"no answer within {limit:g} s (an endless loop?)"
                self.process.kill()  # a process that kept one request waiting would keep every later one waiting
                return {"error": self._stalled}
            ready, _, _ = select.select([stream], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(stream, 65536)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if not chunk:
                return {"error": ENDED}
            self._buffer += chunk

    def start(self) -> dict:
        """Wait until the setup and answer cells have run: {"ready": True, "problems": [...]} or {"error": ...}."""
        return self._read(START_TIME_LIMIT)

    def ask(self, op: str, **params) -> dict:
        """Send one request (``params`` must be JSON); a reply's sockets are turned into URLs on this side.

        The learner's code runs in the process that replies, so a reply is data to check, not to trust: a
        ``url`` it names is dropped (only the grader's own sockets are ever checked), and flags such as
        ``same`` only make a check fail sooner, never pass.
        """
        if self._stalled:  # one request went unanswered: the process is stopped, and so is every later request
            return {"error": self._stalled}
        try:
            self.process.stdin.write((json.dumps({**params, "op": op}) + "\n").encode())
            self.process.stdin.flush()
        except OSError:
            return {"error": ENDED}
        reply = self._read(REPLY_TIME_LIMIT)
        reply.pop("url", None)  # URLs are made here from socket numbers only, never taken from the process
        reply.pop("urls", None)
        for key, many in (("socket", False), ("sockets", True)):
            if key in reply:
                numbers = reply.pop(key)
                try:
                    urls = [self.socket_url(number) for number in (numbers if many else [numbers])]
                except (TypeError, ValueError) as error:
                    return {"error": str(error)}
                reply["urls" if many else "url"] = urls if many else urls[0]
        return reply

    def queries(self) -> int:
        """The SQL statements the process has run in SQLite so far, counted on this side of a pipe the process
        writes each one to (``query_shim``); 0 when this runner does not count them."""
        return 0 if self.statements is None else self.statements.count()

    def recent_statements(self) -> list[str]:
        """The last few SQL statements counted (as the process wrote them, so data to show, not to trust)."""
        return [] if self.statements is None else self.statements.recent()

    def socket_url(self, number) -> str:
        """The ``http+unix://`` URL of the grader's listening socket ``number``, on which the process serves an app."""
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number < SOCKETS:
            raise ValueError(f"the answer process named socket {str(number)[:40]!r}, not one of its {SOCKETS}")
        return UNIX_SCHEME + urllib.parse.quote(str(self._sockets_folder / str(number)), safe="")

    def stop(self) -> None:
        """Stop the process and everything it started; remove the sockets.

        Killed, not asked to quit: nothing of it is kept (its working copy is a tmpfs), and a Python with
        Django, pandas and the learner's threads takes most of a second to shut down. In the sandbox, what
        it started dies with it (its own PID namespace) or with its control group.
        """
        kill_and_close(self.process)
        if self.statements is not None:
            self.statements.close()
        for cgroup in [self._cgroup, *self._wrapped_cgroups]:
            if cgroup is not None:
                cgroup.remove()
        self._wrapped_cgroups = []
        for listener in self._listeners:
            listener.close()
        shutil.rmtree(self._sockets_folder, ignore_errors=True)


class StatementLog:
    """The grader's end of the pipe the verification process writes each SQL statement to, one line each.

    A thread drains it, so that a process sending many statements never waits on a full pipe; ``count``
    first reads what is already in the pipe, so a statement written before a response was sent is counted
    by the time the response has come back. Only the count and the last few lines are kept.
    """

    KEPT = 10

    def __init__(self):
        self._read_end, self.write_end = os.pipe()
        os.set_blocking(self._read_end, False)
        self._lines = 0
        self._partial = b""
        self.last: list[str] = []
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._drain, daemon=True)

    def started(self) -> None:
        """The process has the write end: close this side's copy (the pipe ends when the process does)."""
        os.close(self.write_end)
        self.write_end = -1
        self._thread.start()

    def _read_available(self) -> bool:
        """Read what the pipe holds now; False at its end."""
        while True:
            try:
                chunk = os.read(self._read_end, 65536)
            except BlockingIOError:
                return True
            except OSError:
                return False
            if not chunk:
                return False
            lines = (self._partial + chunk).split(b"\n")
            self._partial = lines.pop()[-1024:]
            self._lines += len(lines)
            self.last = [*self.last, *(line.decode("utf-8", "replace") for line in lines[-self.KEPT:])][-self.KEPT:]

    def _drain(self) -> None:
        while not self._closed:
            try:
                ready, _, _ = select.select([self._read_end], [], [], 0.5)
            except (OSError, ValueError):
                return
            if ready:
                with self._lock:
                    if self._closed or not self._read_available():
                        return

    def count(self) -> int:
        """The statements counted so far (what the pipe holds now included)."""
        with self._lock:
            if not self._closed:
                self._read_available()
            return self._lines

    def recent(self) -> list[str]:
        """The last few statements (what the pipe holds now included, as ``count`` reads it)."""
        with self._lock:
            if not self._closed:
                self._read_available()
            return list(self.last)

    def close(self) -> None:
        """Close this side's ends of the pipe (the write end too, when no process was given it)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                os.close(self._read_end)
                if self.write_end >= 0:
                    os.close(self.write_end)
                    self.write_end = -1
