"""Run a Django project's ``manage.py`` commands in a separate process and show what they print.

A production project has its own settings module, read at start-up from the
environment, so its commands run in a process of their own, as they would on
a server::

    manage("deployment", "migrate", "--plan", env=production_env)

Both output streams are captured and shown together in the notebook (a
failing check writes to stderr, which a lesson must not do).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from apilab.serving.managed_process import child_environment


@dataclass
class CommandResult:
    """What a ``manage.py`` command printed and how it exited."""

    command: str
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def __str__(self) -> str:
        return f"$ {self.command}\n{self.output.rstrip()}\n(exit code {self.returncode})"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))


def manage(folder, *arguments: str, env: dict | None = None, timeout: float = 60) -> CommandResult:
    """Run ``python manage.py ARGUMENTS`` in ``folder`` with ``env`` added to the environment."""
    folder = Path(folder)
    if not (folder / "manage.py").is_file():
        raise ValueError(f"no manage.py in {folder}")
    if not all(isinstance(a, str) for a in arguments):
        raise TypeError(f"manage() arguments must be strings, got {arguments!r}")
    child_env = child_environment({"PYTHONDONTWRITEBYTECODE": "1", **(env or {})})
    completed = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=folder, env=child_env,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, timeout=timeout,
    )
    return CommandResult(" ".join(["python", "manage.py", *arguments]), completed.returncode,
                         completed.stdout)
