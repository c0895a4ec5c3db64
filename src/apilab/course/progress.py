"""Where a learner stands: lessons run, practice checks passed, each exercise's state and score.

``course_progress(root)`` reads the learner's workspace (JupyterLab's root
folder): each lesson in ``notebooks/`` (on a hub, the folder ``APILAB_LESSONS``
names) counts as run once its saved copy holds a
cell that ran, and its practice checks (cells tagged ``self-check``) by what
their saved output says (every point ✓, or a ✗ or "not done yet"); each exercise
comes from nbgrader's Assignment List (released, fetched, submitted) with its
score, from the self-study grading's line or the fetched feedback page. The
course's JupyterLab sidebar shows it (``progress_server``); nothing here writes.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

LESSON = re.compile(r"(0[1-9]|[1-9]\d)-.+\.ipynb")  # the numbered lessons, not the index (00)
SCORED = re.compile(r"scored ([0-9.]+) of ([0-9.]+)")
FEEDBACK_SCORE = re.compile(r"\(Score: ([0-9.]+) / ([0-9.]+)\)")
SELF_CHECK = "self-check"


def _printed(cell) -> str:
    texts = []
    for output in cell.get("outputs", []):
        text = output.get("text") or output.get("data", {}).get("text/plain") or ""
        texts.append("".join(text) if isinstance(text, list) else str(text))
    return "\n".join(texts)


def lesson_progress(path: Path) -> dict:
    """One lesson: whether it ran, and how many of its practice checks pass (from its saved outputs)."""
    try:
        cells = json.loads(path.read_text()).get("cells", [])
    except (OSError, ValueError, AttributeError):
        cells = []
    code = [cell for cell in cells if isinstance(cell, dict) and cell.get("cell_type") == "code"]
    checks = [cell for cell in code if SELF_CHECK in cell.get("metadata", {}).get("tags", [])]
    passed = 0
    for cell in checks:
        printed = _printed(cell)
        if "✓" in printed and "✗" not in printed and "not done yet" not in printed:
            passed += 1
    return {"lesson": path.stem, "run": any(cell.get("execution_count") for cell in code),
            "checks": len(checks), "checks_passed": passed}


LESSONS_VARIABLE = "APILAB_LESSONS"  # the lessons' folder in the server's root: notebooks (make lab) or the hub's


def lessons(root: Path, environ=None) -> list[dict]:
    environ = os.environ if environ is None else environ
    name = environ.get(LESSONS_VARIABLE) or "notebooks"
    folder = (Path(root) / name).resolve()
    if Path(root).resolve() not in folder.parents:
        return []  # only a folder inside the server's root
    paths = sorted(path for path in folder.glob("*.ipynb") if LESSON.fullmatch(path.name)) if folder.is_dir() else []
    return [{**lesson_progress(path), "path": str(path.relative_to(Path(root).resolve()))} for path in paths]


def _feedback_score(root: Path, submission: dict) -> str | None:
    folder = submission.get("local_feedback_path")
    if not folder:
        return None
    for page in sorted((Path(root) / folder).glob("*.html")):
        found = FEEDBACK_SCORE.search(page.read_text(errors="replace"))
        if found:
            return f"{float(found[1]):g} of {float(found[2]):g}"
    return None


def exercises(root: Path) -> list[dict]:
    """Each exercise nbgrader's Assignment List knows, in order: its state, and its score once it has one."""
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    lister = AssignmentList()
    lister.root_dir = str(root)
    listed = lister.list_assignments()  # every course the exchange offers this learner
    if not listed.get("success"):
        return []
    found: dict[str, dict] = {}
    for item in listed["value"]:
        entry = found.setdefault(item["assignment_id"], {"exercise": item["assignment_id"], "state": "released",
                                                         "score": None})
        if item["status"] == "fetched" and entry["state"] == "released":
            entry["state"] = "fetched"
        if item["status"] == "submitted" and item.get("submissions"):
            last = item["submissions"][-1]
            scored = SCORED.search(last.get("timestamp", ""))
            entry["state"] = "submitted"
            entry["score"] = f"{float(scored[1]):g} of {float(scored[2]):g}" if scored \
                else _feedback_score(root, last)
            entry["grading"] = "being graded" in last.get("timestamp", "")
    return [found[name] for name in sorted(found)]


def course_progress(root: str | Path) -> dict:
    """The lessons and exercises of the workspace at ``root``, as the progress sidebar shows them."""
    root = Path(root)
    return {"lessons": lessons(root), "exercises": exercises(root)}
