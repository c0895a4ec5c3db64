"""The grader's handle on the verification process (``verify_runner``): start it, ask it, reach the apps it serves.

``Runner`` starts ``python -m apilab.grading.verify_runner`` in a submission's
working copy (in the sandbox, without network, when bwrap works), waits for the
learner's cells to run, then sends one request per line and reads one JSON reply
per line, each within a time limit. A reply naming a Unix socket the process
serves an app on is turned into an ``http+unix://`` URL the contract checks use.
"""

from __future__ import annotations

import json
import os
import select
import stat
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from apilab.contract.client import UNIX_SCHEME
from apilab.grading.sandbox import sandbox_command, sandbox_problem

START_TIME_LIMIT = 180.0  # seconds the runner may take to run the setup and answer cells
REPLY_TIME_LIMIT = 90.0  # seconds one request may take
ENDED = "the process serving the answer ended (it crashed or exited)"


class Runner:
    """The learner's answer run by ``verify_runner`` in a process of its own; ``ask`` sends one request."""

    def __init__(self, notebook: Path, assignment: str, workdir: Path, hidden: list[str]):
        self.workdir = Path(workdir).resolve()
        os.chmod(self.workdir, 0o700)  # the apps' sockets are made here: for this Unix user alone
        self._folder = os.open(self.workdir, os.O_PATH | os.O_DIRECTORY)
        self._sockets: list[int] = []  # the sockets checked, held open until the process stops
        self.hidden = list(hidden)  # what a process a check starts in the sandbox must not see either
        self.sandboxed = not sandbox_problem() and bool(hidden)
        argv = [sys.executable, "-m", "apilab.grading.verify_runner", str(notebook), assignment,
                "--socket-dir", str(self.workdir)]
        if self.sandboxed:
            argv = sandbox_command(argv, self.workdir, hidden, network=False)
        env = {**os.environ, "PYTHONSAFEPATH": "1", "MPLBACKEND": "Agg"}
        env.pop("NBGRADER_EXECUTION", None)
        self.process = subprocess.Popen(argv, cwd=self.workdir, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, env=env)

    def sandbox_wrap(self, folder: str | os.PathLike):
        """A function putting a command line in the sandbox, without network, ``folder`` its only writable
        place; None when the answer is not sandboxed (the command then runs as it is)."""
        if not self.sandboxed:
            return None
        return lambda argv: sandbox_command(argv, folder, self.hidden, network=False)

    def _read(self, limit: float) -> dict:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if ready:
                line = self.process.stdout.readline()
                if not line:
                    return {"error": ENDED}
                try:
                    reply = json.loads(line)
                except ValueError:
                    continue
                if isinstance(reply, dict):  # the learner's code can write here too: anything else is passed over
                    return reply
        return {"error": f"no answer within {limit:g} s (an endless loop?)"}

    def start(self) -> dict:
        """Wait until the setup and answer cells have run: {"ready": True, "problems": [...]} or {"error": ...}."""
        return self._read(START_TIME_LIMIT)

    def ask(self, op: str, **params) -> dict:
        """Send one request (``params`` must be JSON); a reply's sockets are turned into URLs on this side."""
        try:
            self.process.stdin.write(json.dumps({**params, "op": op}) + "\n")
            self.process.stdin.flush()
        except OSError:
            return {"error": ENDED}
        reply = self._read(REPLY_TIME_LIMIT)
        for key, many in (("socket", False), ("sockets", True)):
            if key in reply:
                paths = reply.pop(key)
                try:
                    urls = [self.socket_url(path) for path in (paths if many else [paths])]
                except ValueError as error:
                    return {"error": str(error)}
                reply["urls" if many else "url"] = urls if many else urls[0]
        return reply

    def socket_url(self, name) -> str:
        """The ``http+unix://`` URL of the app the process serves on the Unix socket ``name`` in its working copy.

        The reply comes from a process that runs the learner's code, so it could name any socket,
        or put another one (a link, another user's) in the working copy's place later. So the socket
        is opened once (never through a link) and must be this Unix user's own; the URL reaches that
        very socket through /proc/self/fd, whatever then happens to its name, and is short whatever
        the working copy's path (a socket's path has at most 107 bytes).
        """
        name = str(name)
        if not name or "/" in name or name in (".", "..") or "\0" in name:
            raise ValueError(f"the answer process named {name[:120]!r}, not a socket in its working copy")
        try:
            handle = os.open(name, os.O_PATH | os.O_NOFOLLOW, dir_fd=self._folder)
        except OSError as error:
            raise ValueError(f"the answer process named {name[:120]!r}, which cannot be opened: "
                             f"{error.strerror}") from None
        status = os.fstat(handle)
        if not stat.S_ISSOCK(status.st_mode) or status.st_uid != os.geteuid():
            os.close(handle)
            raise ValueError(f"the answer process named {name[:120]!r}, not a socket of its own in its working copy")
        self._sockets.append(handle)
        return UNIX_SCHEME + urllib.parse.quote(f"/proc/self/fd/{handle}", safe="")

    def stop(self) -> None:
        """Stop the process."""
        if self.process.poll() is None:
            try:
                self.process.stdin.write('{"op": "quit"}\n')
                self.process.stdin.flush()
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        for handle in [*self._sockets, self._folder]:
            os.close(handle)
        self._sockets, self._folder = [], -1
