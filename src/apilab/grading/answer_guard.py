"""What the answer's code may not do in a verification process that counts SQL queries: ``guard()``.

Exercise 6's statements are counted by a C library in the process
(``query_shim``), which itself refuses to start another program or to load
native code from a folder the process can write to, and the process has no
/proc to read or write its own memory through. Code of the answer could still
call C through ctypes, or start a program through Python's own modules before
they reach C. ``guard()`` adds an audit hook (``sys.addaudithook``: once added,
nothing in the process removes it) that refuses these with a PermissionError
naming them. ``ctypes`` is imported first, so that importing it later still
works; calling through it does not.
"""

from __future__ import annotations

import sys

REFUSED_PREFIXES = ("ctypes.",)
# gc's walks of every object would find the hook itself (and what it refuses).
REFUSED = frozenset({"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                     "os.forkpty", "pty.spawn", "sqlite3.enable_load_extension", "sqlite3.load_extension",
                     "gc.get_objects", "gc.get_referrers", "gc.get_referents"})


def _hook(refused=REFUSED, prefixes=REFUSED_PREFIXES, permission=PermissionError):
    """The audit hook. What it refuses is bound here, once: changing this module's names later changes nothing."""

    def hook(event: str, args: tuple) -> None:
        if event in refused or event.startswith(prefixes):
            raise permission(f"{event} is not allowed while the answer is graded (the SQL queries are counted)")

    return hook


def guard() -> None:
    """Refuse, from now on in this process, what would get around the count of SQL queries."""
    import ctypes  # noqa: F401  (loaded now: its import calls C, which the hook refuses afterwards)

    sys.addaudithook(_hook())
