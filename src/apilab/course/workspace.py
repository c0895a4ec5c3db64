"""The learner's workspace: ``my-work/``, a git-ignored working copy of the lessons, where JupyterLab opens.

``refresh_workspace(course_root, work)`` copies the lessons (``notebooks/``, with
the folders of files they use, but not the instructor's notebooks) into
``my-work/notebooks/`` and the guides (``site/*.md``) into ``my-work/site/``, so
the lessons' links to the guides work there as in the course. Made once, it is
never overwritten: each run copies what is new, and replaces a file only while
it is exactly as it was copied (the learner has not opened, run or edited it)
and the course has changed it. A file the learner changed is kept as it is,
and a line says the course has a newer version of it. ``git pull`` changes the
course, never ``my-work/``, so it never conflicts with a learner's work.

Developer notes: what was copied, file by file, is kept in
``my-work/.course-copies.json`` as SHA-256 digests; only regular files are
copied (no link is followed), each written to a temporary name and renamed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

MANIFEST = ".course-copies.json"
SKIPPED_PARTS = {"instructor", ".ipynb_checkpoints", "__pycache__", ".ipython"}


def _joined(value):
    return "".join(value) if isinstance(value, list) else value


def _digest(path: Path) -> str:
    """SHA-256 of a file; of a notebook, of what its cells hold only (kind, source, outputs, run count,
    attachments, tags, nbgrader's marks).

    JupyterLab saves a notebook it merely opened with new metadata (the kernel's language info): that is
    not the learner's work, so a lesson opened and closed still counts as untouched.
    """
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(data)["cells"]
            data = json.dumps([[cell.get("cell_type"), _joined(cell.get("source", "")), cell.get("outputs", []),
                                cell.get("execution_count"), cell.get("attachments"),
                                cell.get("metadata", {}).get("tags"), cell.get("metadata", {}).get("nbgrader")]
                               for cell in cells], sort_keys=True).encode()
        except (ValueError, KeyError, TypeError, AttributeError):
            pass  # not a notebook nbformat could read: its bytes
    return hashlib.sha256(data).hexdigest()


def course_files(course_root: Path) -> list[str]:
    """What the workspace holds a copy of, relative to the course: the lessons and the guides."""
    root = Path(course_root)
    lessons = [path for path in (root / "notebooks").rglob("*")
               if path.is_file() and not path.is_symlink() and not SKIPPED_PARTS & set(path.relative_to(root).parts)
               and path.suffix != ".pyc"]
    guides = [path for path in (root / "site").glob("*.md") if path.is_file() and not path.is_symlink()]
    return sorted(str(path.relative_to(root)) for path in lessons + guides)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.copying")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def refresh_workspace(course_root: str | os.PathLike, work: str | os.PathLike) -> list[str]:
    """Copy new and untouched changed course files into ``work``; one line per file kept as the learner left it."""
    root, work = Path(course_root), Path(work)
    manifest_path = work / MANIFEST
    try:
        copied = json.loads(manifest_path.read_text())
        copied = copied if isinstance(copied, dict) else {}
    except (OSError, ValueError):
        copied = {}
    kept = []
    for relative in course_files(root):
        source, target = root / relative, work / relative
        wanted = _digest(source)
        if target.is_symlink() or (target.exists() and not target.is_file()):
            kept.append(f"Left alone: my-work/{relative} is not a plain file.")
            continue
        if target.is_file():
            current = _digest(target)
            if current == wanted:
                copied[relative] = wanted
                continue
            if copied.get(relative) != current:
                kept.append(f"Kept your copy of my-work/{relative}; the course has a newer version "
                            f"(rename yours and run make lab again to get it).")
                continue
        _copy(source, target)
        copied[relative] = wanted
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    partial = manifest_path.with_name(f".{MANIFEST}.writing")
    partial.write_text(json.dumps(copied, indent=1, sort_keys=True))
    os.replace(partial, manifest_path)
    return kept
