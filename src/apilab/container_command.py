"""Run a Dockerfile's CMD on this machine, the way the container would, to prove the command works.

Without a container engine the image cannot be built, but its start command
can still be run: the same program and arguments, in the project folder the
image copies, with the Dockerfile's ENV plus the deployment's variables. Only
the address changes: the container binds ``0.0.0.0:8000`` inside its own
network; here the server binds a free port on 127.0.0.1::

    with serve_like_container("deployment", env={"DJANGO_SECRET_KEY": ...}) as server:
        requests.get(server.url + "/healthz/")

Developer notes: gunicorn reads ``GUNICORN_CMD_ARGS`` from the environment,
so the Dockerfile keeps its bind address there and the CMD stays untouched;
only the bind inside that variable is rewritten. The command's first word is
looked up beside this Python first (the venv's ``bin``), as ``PATH`` would
find it in the image. The server runs in its own session and is stopped by
signalling the whole group; it also dies with its parent (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from .deployment_files import dockerfile_command, dockerfile_env, read_dockerfile
from .process_servers import free_port


def _die_with_parent() -> None:  # runs in the child, between fork and exec
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class ContainerCommand:
    """The Dockerfile's CMD running in the project folder, bound to 127.0.0.1."""

    def __init__(self, folder, env: dict | None = None, ready_path: str = "/healthz/",
                 ready_headers: dict | None = None, ready_timeout: float = 20.0) -> None:
        self.folder = Path(folder).resolve()
        steps = read_dockerfile(self.folder / "Dockerfile")
        self.command = dockerfile_command(steps)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**dockerfile_env(steps), **(env or {})}
        if "GUNICORN_CMD_ARGS" in self.env:
            self.env["GUNICORN_CMD_ARGS"] = re.sub(
                r"--bind[= ]\S+", f"--bind=127.0.0.1:{self.port}", self.env["GUNICORN_CMD_ARGS"])
        program = shutil.which(self.command[0], path=os.path.dirname(sys.executable))
        if program is None:
            raise ValueError(f"{self.command[0]!r} (the Dockerfile's CMD) is not installed here")
        self._log = tempfile.TemporaryFile(mode="w+b")
        self.process = subprocess.Popen(
            [program, *self.command[1:]], cwd=self.folder, env={**os.environ, **self.env},
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=_die_with_parent,
        )
        self.pid = self.process.pid
        try:
            self._wait_ready(ready_path, ready_headers or {}, ready_timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, path: str, headers: dict, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{' '.join(self.command)} exited with code "
                                   f"{self.process.returncode}: {self._failure()}")
            try:
                if requests.get(self.url + path, headers=headers, timeout=2).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or its workers are still importing the app
            time.sleep(0.05)
        raise TimeoutError(f"{' '.join(self.command)} did not answer {path} with 200 "
                           f"within {timeout:.0f} s: {self.log()[-800:]}")

    def _failure(self) -> str:
        """The exception lines of the log (what the app raised), or its end when there are none."""
        raised = re.findall(r"^(?:[a-z_]\w*\.)*[A-Z]\w*: .*$", self.log(), re.MULTILINE)
        return " | ".join(dict.fromkeys(raised)) if raised else self.log()[-800:]

    def log(self) -> str:
        """Return what the server has printed so far (its access log included)."""
        if self._log.closed:
            return self._final_log
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Stop the server and its workers (safe to call twice)."""
        if self.process.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGTERM)
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                self.process.wait()
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if not self._log.closed:
            self._final_log = self.log()
            self._log.close()

    def __enter__(self) -> "ContainerCommand":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "serving" if self.running else "stopped"
        return f"<ContainerCommand {' '.join(self.command)!r} {state} at {self.url}>"


def serve_like_container(folder, env: dict | None = None, **options) -> ContainerCommand:
    """Run the Dockerfile's CMD from ``folder`` on a free 127.0.0.1 port; return it once it answers."""
    return ContainerCommand(folder, env=env, **options)
