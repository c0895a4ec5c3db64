"""A copy of the course as a fresh clone has it: its files committed into a new git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from course_paths import REPO_ROOT


def committed_copy(target: Path) -> Path:
    """The course's files (tracked or new, not ignored, as in this checkout) committed into a new repository."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO_ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = REPO_ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    identity = ["-c", "user.name=Course", "-c", "user.email=course@example.invalid"]
    for command in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-qm", "the course"]):
        subprocess.run(["git", *command], cwd=target, check=True)
    return target


def git_status(course: Path) -> str:
    """``git status --porcelain`` in ``course``: empty when nothing tracked changed and nothing new is unignored."""
    return subprocess.run(["git", "status", "--porcelain"], cwd=course, capture_output=True, text=True,
                          check=True).stdout
