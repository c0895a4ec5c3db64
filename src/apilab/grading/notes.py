"""What grading found per submission, beside the gradebook: ``.grading/<assignment>/<student>.json``.

Flags in words and every check run from outside, for the instructor's view of a
class (``class_view``); never part of a learner's feedback.
"""

from __future__ import annotations

import json
from pathlib import Path

NOTES_FOLDER = ".grading"  # in the course folder: what grading found, per assignment and student (not feedback)


def notes_path(api, assignment: str, student: str) -> Path:
    """Where grading keeps one submission's flags and check results for the instructor's view."""
    return Path(api.coursedir.root) / NOTES_FOLDER / assignment / f"{student}.json"


def save_notes(api, assignment: str, student: str, notes: dict) -> None:
    """Write (or update) one submission's notes: flags, check results."""
    path = notes_path(api, assignment, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(path.read_text()) if path.is_file() else {}
    path.write_text(json.dumps({**old, **notes}, indent=1))
