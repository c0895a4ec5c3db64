"""The grader's counter of SQL statements, below Python: ``sqlite_count.c``, built here with the system's C compiler.

``built()`` compiles it once per grading process into a folder of the
grader's own (``mkdtemp``: nobody else can put a library there) and returns
its path, or None and why not (no compiler). A verification process started
with ``LD_PRELOAD`` naming it and ``APILAB_QUERY_LOG_FD`` naming the pipe
writes each SQL statement SQLite runs to that pipe from C, where no Python
code can reach it (``answer_guard`` keeps the answer's code from reaching it
through ctypes, another process or the process's memory).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

SOURCE = Path(__file__).with_name("sqlite_count.c")
LOG_FD_VARIABLE = "APILAB_QUERY_LOG_FD"
NATIVE_FOLDERS_VARIABLE = "APILAB_QUERY_NATIVE_FOLDERS"  # where the process may load native code from

_lock = threading.Lock()
_built: tuple[Path | None, str] | None = None


def _build() -> tuple[Path | None, str]:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return None, "no C compiler (cc) to build the query counter: apt-get install gcc"
    folder = Path(tempfile.mkdtemp(prefix="apilab-query-count-"))
    atexit.register(shutil.rmtree, folder, True)
    library = folder / "sqlite_count.so"
    try:
        result = subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", str(library), str(SOURCE), "-ldl",
                                 "-lpthread"],
                                capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"the query counter did not build: {error}"
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["no message"])[0]
        return None, f"the query counter did not build: {first[:200]}"
    return library, ""


def built() -> tuple[Path | None, str]:
    """(the counter's library, "") once built in this process, or (None, why it cannot be)."""
    global _built
    with _lock:
        if _built is None:
            _built = _build()
        return _built


def environment(library: Path, log_fd: int, native_folders: list[str]) -> dict[str, str]:
    """The variables that start a process counting its queries into ``log_fd``, loading native code only from
    ``native_folders`` (folders the process cannot write to)."""
    return {"LD_PRELOAD": str(library), LOG_FD_VARIABLE: str(log_fd),
            NATIVE_FOLDERS_VARIABLE: ":".join(sorted({os.path.realpath(folder) for folder in native_folders}))}
