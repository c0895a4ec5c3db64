"""Run a Dockerfile's CMD on this machine, the way the container would, to prove the command works.

Without a container engine the image cannot be built, but its start command
can still be run: the same program and arguments, in the project folder the
image copies, with the Dockerfile's ENV plus the deployment's variables. Only
the address changes: the container binds ``0.0.0.0:8000`` inside its own
network; here the server binds a free port on 127.0.0.1::

    with serve_like_container("deployment", env={"DJANGO_SECRET_KEY": ...}) as server:
        requests.get(server.url + "/healthz/")
    with serve_like_container("deployment", dockerfile="Dockerfile.flask", env=...) as server: ...

Developer notes: gunicorn reads ``GUNICORN_CMD_ARGS`` from the environment, and
it overrides a ``--config`` file's settings, so the CMD stays untouched: only
the bind inside that variable is rewritten (or added, when the Dockerfile keeps
its bind in a gunicorn configuration file). The command's first word is
looked up beside this Python first (the venv's ``bin``), as ``PATH`` would
find it in the image. The server is an ``apilab.serving.managed_process.ManagedProcess``:
it runs in its own session, is stopped by signalling the whole group, and dies
with its parent (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import requests

from apilab.lessons.deployment_files import dockerfile_command, dockerfile_env, read_dockerfile
from apilab.serving.managed_process import ManagedProcess, ProcessHandle
from apilab.serving.process_servers import free_port


class ContainerCommand(ProcessHandle):
    """The Dockerfile's CMD running in the project folder, bound to 127.0.0.1."""

    def __init__(self, folder, env: dict | None = None, ready_path: str = "/healthz/",
                 ready_headers: dict | None = None, ready_timeout: float = 20.0,
                 dockerfile: str = "Dockerfile") -> None:
        self.folder = Path(folder).resolve()
        steps = read_dockerfile(self.folder / dockerfile)
        self.command = dockerfile_command(steps)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**dockerfile_env(steps), **(env or {})}
        if os.path.basename(self.command[0]) == "gunicorn":
            arguments = re.sub(r"--bind[= ]\S+", "", self.env.get("GUNICORN_CMD_ARGS", "")).strip()
            self.env["GUNICORN_CMD_ARGS"] = f"{arguments} --bind=127.0.0.1:{self.port}".strip()
        program = shutil.which(self.command[0], path=os.path.dirname(sys.executable))
        if program is None:
            raise ValueError(f"{self.command[0]!r} (the Dockerfile's CMD) is not installed here")
        self._start(ManagedProcess([program, *self.command[1:]], name=" ".join(self.command),
                                   cwd=self.folder, env={**os.environ, **self.env}),
                    lambda: self._answers(ready_path, ready_headers or {}), ready_timeout,
                    what=f"answering {ready_path} with 200", log=self._failure,
                    tail=2000, interval=0.05)  # _failure() keeps it short already

    def _answers(self, path: str, headers: dict) -> bool:
        try:
            return requests.get(self.url + path, headers=headers, timeout=2).status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            return False  # not listening yet, or its workers are still importing the app

    def _failure(self) -> str:
        """The exception lines of the log (what the app raised), or its end when there are none."""
        raised = re.findall(r"^(?:[a-z_]\w*\.)*[A-Z]\w*: .*$", self.log(), re.MULTILINE)
        return " | ".join(dict.fromkeys(raised)) if raised else self.log()[-800:]

    def log(self) -> str:
        """Return what the server has printed so far (its access log included)."""
        return self._program.log()

    def __repr__(self) -> str:
        state = "serving" if self.running else "stopped"
        return f"<ContainerCommand {' '.join(self.command)!r} {state} at {self.url}>"


def serve_like_container(folder, env: dict | None = None, **options) -> ContainerCommand:
    """Run the Dockerfile's CMD from ``folder`` on a free 127.0.0.1 port; return it once it answers."""
    return ContainerCommand(folder, env=env, **options)
