"""Open the course in JupyterLab: bound to 127.0.0.1, with a token, its URL printed.

``make lab`` runs ``apilab lab``. Before starting JupyterLab it prepares the
learner's self-study exchange, so nbgrader's Assignment List offers the
exercises to fetch into ``my-work/``, and refreshes the learner's working copy of
the lessons there (``workspace``). JupyterLab opens on ``my-work/`` (a folder git
ignores: ``git pull`` never touches a learner's work), at the course's index,
with the *Course progress* sidebar (``progress``) and without nbgrader's
instructor tools. ``make lab-instructor`` (``apilab lab --instructor``) opens the
course folder itself, with Formgrader.

A restart keeps the port and the token of the last run (kept in the git-ignored
``build/lab.json``, readable by its owner only) while that port is free, so a
browser tab left open finds the course again.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parents[3]
LAB_STATE = COURSE_ROOT / "build" / "lab.json"
DEFAULT_PORT = 8888


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


def choose_port(preferred: int = DEFAULT_PORT) -> int:
    """Return ``preferred`` if it is free on 127.0.0.1, otherwise any free port.

    The probe binds as the server will (with SO_REUSEADDR), so a port the last run left in TIME_WAIT
    counts as free: it is, for JupyterLab.
    """
    import socket

    from apilab.serving.process_servers import free_port

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            return free_port()


def lab_settings(environ=None, state: Path = LAB_STATE) -> tuple[int, str]:
    """The port and token of this run: the environment's, else the last run's (port while free), else new.

    Only a run that chose them itself keeps them for the next one.
    """
    environ = os.environ if environ is None else environ
    try:
        last = json.loads(state.read_text())
    except (OSError, ValueError):
        last = {}
    last_port = last.get("port") if isinstance(last.get("port"), int) else DEFAULT_PORT
    last_token = last.get("token") if isinstance(last.get("token"), str) and len(last["token"]) >= 32 else None
    port = int(environ.get("APILAB_LAB_PORT") or choose_port(last_port))
    token = environ.get("APILAB_LAB_TOKEN") or last_token or secrets.token_hex(24)
    if environ.get("APILAB_LAB_PORT") or environ.get("APILAB_LAB_TOKEN"):
        return port, token  # chosen for this run only (a test, a hub): the next plain run keeps the last one's
    try:
        state.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(state, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # also when an older copy was readable by others
        with os.fdopen(descriptor, "w") as kept:
            json.dump({"port": port, "token": token}, kept)
    except OSError:
        pass  # a read-only checkout: this run still starts, the next one picks anew
    return port, token


NEWS_PLUGIN = "@jupyterlab/apputils-extension:notification"
LAB_SETTINGS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def quiet_news(settings_dir: Path = LAB_SETTINGS) -> None:
    """No "Jupyter news?" popup and no update check: JupyterLab's overrides for this environment say so.

    Other overrides in the file are kept; a folder that cannot be written leaves JupyterLab's defaults.
    """
    overrides = Path(settings_dir) / "overrides.json"
    try:
        current = json.loads(overrides.read_text()) if overrides.exists() else {}
    except (OSError, ValueError):
        return
    wanted = {"fetchNews": "false", "checkForUpdates": False}
    if not isinstance(current, dict) or current.get(NEWS_PLUGIN, {}) == {**current.get(NEWS_PLUGIN, {}), **wanted}:
        return
    current[NEWS_PLUGIN] = {**current.get(NEWS_PLUGIN, {}), **wanted}
    try:
        overrides.parent.mkdir(parents=True, exist_ok=True)
        overrides.write_text(json.dumps(current, indent=2) + "\n")
    except OSError:
        pass


LEARNER_CONFIG = COURSE_ROOT / "build" / "lab-config" / "learner"
WORK = COURSE_ROOT / "my-work"
INDEX = "notebooks/00-Index.ipynb"
# The Course progress sidebar's JupyterLab side is found in this data folder, put on JUPYTER_PATH.
PROGRESS_DATA = Path(__file__).resolve().parent / "jupyter"


def prepended(folder: Path, paths: str | None) -> str:
    """A search path (JUPYTER_CONFIG_PATH, JUPYTER_PATH) with ``folder`` first."""
    return os.pathsep.join(part for part in (str(folder), paths) if part)


def main(argv: list[str]) -> int:
    """``apilab lab`` opens the learner's workspace; ``apilab lab --instructor`` the course folder with Formgrader."""
    instructor = argv == ["--instructor"]
    if argv and not instructor:
        print(f"apilab lab: takes only --instructor (got {' '.join(argv)}); set APILAB_LAB_PORT to change the port",
              file=sys.stderr)
        return 2
    port, token = lab_settings()
    env = dict(os.environ)
    try:
        from apilab.grading import self_study
    except ImportError:
        self_study = None
    if self_study is not None and not instructor:
        env.update(self_study.prepare(COURSE_ROOT))
    quiet_news()
    root, start = COURSE_ROOT, ""
    if not instructor:
        from apilab.course.jupyter_switches import write_config_folder
        from apilab.course.workspace import refresh_workspace

        for line in refresh_workspace(COURSE_ROOT, WORK):
            print(line, flush=True)
        root, start = WORK, f"/tree/{INDEX}"
        learner_config = write_config_folder(LEARNER_CONFIG, instructor=False)
        env["JUPYTER_CONFIG_PATH"] = prepended(learner_config, env.get("JUPYTER_CONFIG_PATH"))
        env["JUPYTER_PATH"] = prepended(PROGRESS_DATA, env.get("JUPYTER_PATH"))
    print(f"Opening the course: http://127.0.0.1:{port}/lab{start}?token={token}", flush=True)
    os.chdir(COURSE_ROOT)  # the Formgrader reads nbgrader_config.py from the server's folder
    command = jupyter_lab_command(port, token, root) + ([f"--ServerApp.default_url=/lab{start}"] if start else [])
    os.execvpe(sys.executable, command, env)
    return 0
