"""Run a Flask app's command-line commands (``flask --app APP ...``) in a separate process, as on a server.

The Flask counterpart of ``apilab.django_project.commands.manage``::

    flask_command("deployment", "flask_shop", "init-db", env=flask_env)

Both output streams are captured and returned together, as a ``CommandResult``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from apilab.django_project.commands import CommandResult
from apilab.serving.managed_process import child_environment


def flask_command(folder, app: str, *arguments: str, env: dict | None = None, timeout: float = 60) -> CommandResult:
    """Run ``flask --app APP ARGUMENTS`` in ``folder`` with ``env`` added to the environment."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"no folder {folder}")
    if not all(isinstance(a, str) for a in (app, *arguments)):
        raise TypeError(f"flask_command() arguments must be strings, got {(app, *arguments)!r}")
    completed = subprocess.run(
        [sys.executable, "-m", "flask", "--app", app, *arguments], cwd=folder,
        env=child_environment({"PYTHONDONTWRITEBYTECODE": "1", **(env or {})}),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return CommandResult(" ".join(["flask", "--app", app, *arguments]), completed.returncode, completed.stdout)
