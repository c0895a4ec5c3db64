"""Find the external programs the scaling lab drives (wrk, nginx, redis-server), or say how to get them.

A missing program raises ``ProgramMissing`` with a one-line message naming the
install command, so a notebook cell (or a test) can print it and skip.
"""

from __future__ import annotations

import shutil

INSTALL_HINTS = {
    "wrk": "apt-get install wrk  (or: conda install -c conda-forge wrk)",
    "nginx": "apt-get install nginx  (or: conda install -c conda-forge nginx)",
    "redis-server": "apt-get install redis-server  (or: conda install -c conda-forge redis-server)",
}


class ProgramMissing(RuntimeError):
    """An external program the lab needs is not installed."""


def find_program(name: str) -> str | None:
    """Return the path of program ``name`` (also looked for in /usr/sbin), or None."""
    if name not in INSTALL_HINTS:
        raise ValueError(f"program must be one of {tuple(INSTALL_HINTS)}, got {name!r}")
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")


def require_program(name: str) -> str:
    """Return the path of program ``name`` or raise ProgramMissing saying how to install it."""
    path = find_program(name)
    if path is None:
        raise ProgramMissing(f"{name} is not installed; install it with: {INSTALL_HINTS[name]}")
    return path


def missing_message(name: str) -> str | None:
    """Return the one-line install message when ``name`` is missing, else None."""
    return None if find_program(name) else (
        f"{name} is not installed; install it with: {INSTALL_HINTS[name]}")
