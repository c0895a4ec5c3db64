"""Correct answers to the graded exercises, which the grading samples give as they are or break with one edit.

The course's own answer to each cell is its solution notebook's (``solution_answers``):
it is kept there once, and every sample built on it reads it from there. Answers in
other styles live in this package's modules. A wrong sample is a correct answer with
its one bug written as an edit, ``with_edit(FLASK_API, old="...", new="...")``; the
old text must occur exactly once (``reference_apps.mutation.apply_edits``), so a
change to a correct answer cannot silently turn a wrong sample into a copy of it.
The answers live here, outside ``grading/samples/``, where every module is a learner.
"""

import json

from course_paths import REPO_ROOT
from reference_apps.mutation import apply_edits

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def solution_answers(assignment: str) -> dict[str, str]:
    """{grade id: source} of the solution notebook's answer code cells, without the solution markers' lines."""
    path = REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb"
    answers = {}
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        nbgrader = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and nbgrader.get("solution"):
            lines = "".join(cell["source"]).split("\n")
            kept = "\n".join(line for line in lines if line.strip() not in SOLUTION_MARKERS)
            answers[nbgrader["grade_id"]] = kept.rstrip("\n") + "\n"
    return answers


def with_edit(source: str, old: str, new: str) -> str:
    """``source`` with the text ``old`` (which must occur exactly once) replaced by ``new``."""
    return apply_edits(source, [(old, new)], "a sample's edit of a correct answer")


def with_edits(source: str, *edits: tuple[str, str]) -> str:
    """``source`` with each (old, new) edit applied in turn, every old text occurring exactly once."""
    return apply_edits(source, edits, "a sample's edit of a correct answer")
