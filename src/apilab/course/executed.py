"""Executed copies of the lessons: run a lesson in a fresh kernel, keep the result, find it again.

The test suite's lesson run (``tests/notebooks``) saves each lesson that ran without
an error into ``build/executed/`` (git-ignored), and ``apilab site`` shows those
copies instead of executing every lesson a second time. A copy is reused only
while it is current: its metadata keeps the SHA-256 of the lesson file and of the
``apilab`` package's source it ran with, and a change to either makes it stale
(except in ``apilab.course``, the top layer: the command, the contents and this
site, which no lesson runs).
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import nbformat

COURSE_ROOT = Path(__file__).resolve().parents[3]
EXECUTED_DIR = COURSE_ROOT / "build" / "executed"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
NOT_RUN_BY_LESSONS = Path(__file__).resolve().parent
# nbclient's limit per cell: far above a lesson cell's budget, so a hung cell cannot hang a build.
CELL_TIMEOUT_S = 120
RAISES = "raises-exception"
METADATA_KEY = "executed_from"


def fingerprint(lesson: Path) -> str:
    """SHA-256 of the lesson file and of the apilab package's source that lessons run (all but apilab.course)."""
    digest = hashlib.sha256(Path(lesson).read_bytes())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if (path.suffix in {".py", ".yaml"} and "__pycache__" not in path.parts
                and NOT_RUN_BY_LESSONS not in path.parents):
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def has_code(notebook) -> bool:
    """True when the notebook has a code cell with something in it (else there is nothing to execute)."""
    return any(cell.cell_type == "code" and cell.source.strip() for cell in notebook.cells)


def execute(lesson: Path, env: dict | None = None, timeout: int = CELL_TIMEOUT_S, prepare=None):
    """Run the notebook top to bottom in a fresh kernel, in its own folder.

    ``prepare``, if given, is called with the notebook before it runs and may add cells to it
    (the lesson tests add a second run of each self-check cell after its model answer).

    Returns ``(notebook, error)``: the notebook with the outputs it produced, and
    ``None`` or the text of the error that stopped it (a failing cell not tagged
    ``raises-exception``, a timeout, a dead kernel).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    lesson = Path(lesson)
    notebook = nbformat.read(lesson, as_version=4)
    if prepare is not None:
        prepare(notebook)
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", record_timing=True,
        resources={"metadata": {"path": str(lesson.parent)}},
    )
    error = None
    try:
        asyncio.run(client.async_execute(**({"env": env} if env is not None else {})))
    except CellExecutionError as failure:
        error = str(failure)[-3000:]
    except Exception as failure:  # a timeout or a dead kernel: the lesson's failure, said in words
        error = f"{type(failure).__name__}: {failure}"
    return notebook, error


def first_error(notebook) -> str | None:
    """One line for the first error output of a cell not tagged ``raises-exception`` (None if there is none)."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or RAISES in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"cell {index} (id {cell.get('id', '?')}) raised {output.get('ename')}: {output.get('evalue')}"
    return None


def save(lesson: Path, notebook, folder: Path = EXECUTED_DIR) -> Path:
    """Keep an executed copy of ``lesson``, marked with its fingerprint; return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.from_dict(notebook)
    notebook.metadata.setdefault("apilab", {})[METADATA_KEY] = fingerprint(lesson)
    target = folder / Path(lesson).name
    partial = target.with_suffix(".ipynb.partial")
    nbformat.write(notebook, partial)
    partial.replace(target)  # whole or not at all: a reader never sees half a notebook
    return target


def load(lesson: Path, folder: Path = EXECUTED_DIR):
    """The kept executed copy of ``lesson`` if it is current and holds no error, else None."""
    copy = Path(folder) / Path(lesson).name
    if not copy.exists():
        return None
    try:
        notebook = nbformat.read(copy, as_version=4)
    except Exception:  # an unreadable copy is no copy: the lesson runs again
        return None
    if notebook.metadata.get("apilab", {}).get(METADATA_KEY) != fingerprint(lesson):
        return None
    return None if first_error(notebook) else notebook
