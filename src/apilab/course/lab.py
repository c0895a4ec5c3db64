"""Open the course in JupyterLab: bound to 127.0.0.1, with a token, its URL printed.

``make lab`` runs ``apilab lab``. Before starting JupyterLab it prepares the
learner's self-study exchange, so nbgrader's Assignment List offers the
exercises to fetch into ``my-work/`` (a folder git ignores: ``git pull`` never
touches a learner's answers).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parents[3]


def jupyter_lab_command(port: int, token: str, root: Path) -> list[str]:
    """Return the command line that starts JupyterLab on the course."""
    command = [
        sys.executable, "-m", "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def choose_port(preferred: int = 8888) -> int:
    """Return ``preferred`` if it is free on 127.0.0.1, otherwise any free port."""
    import socket

    from apilab.serving.process_servers import free_port

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            return free_port()


def main(argv: list[str]) -> int:
    port = int(os.environ.get("APILAB_LAB_PORT") or choose_port())
    token = os.environ.get("APILAB_LAB_TOKEN") or secrets.token_hex(24)
    if argv:
        print(f"apilab lab: takes no arguments (got {' '.join(argv)}); set APILAB_LAB_PORT to change the port",
              file=sys.stderr)
        return 2
    env = dict(os.environ)
    try:
        from apilab.grading import self_study
    except ImportError:
        self_study = None
    if self_study is not None:
        env.update(self_study.prepare(COURSE_ROOT))
    print(f"Opening the course: http://127.0.0.1:{port}/lab?token={token}", flush=True)
    os.chdir(COURSE_ROOT)  # the Formgrader reads nbgrader_config.py from the server's folder
    os.execvpe(sys.executable, jupyter_lab_command(port, token, COURSE_ROOT), env)
    return 0
