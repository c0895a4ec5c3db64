"""Where a learner stands: lessons run, practice checks passed, each exercise's state and score.

``course_progress(root)`` reads the learner's workspace (JupyterLab's root
folder): each lesson in ``notebooks/`` (on a hub, the folder ``APILAB_LESSONS``
names) counts as run once its saved copy holds a
cell that ran, and its practice checks (cells tagged ``self-check``) by what
their saved output says (every point ✓, or a ✗ or "not done yet"); each exercise
comes from nbgrader's Assignment List (released, fetched, submitted) with its
score, from the self-study grading's line or the fetched feedback page; a
fetched one shows as validated while its saved notebooks are the ones Validate
last checked (``record_validation``), and a class's published due dates and late
policy (``apilab schedule``) come with it. The course's JupyterLab sidebar
shows it (``progress_server``). Only ``record_validation`` writes, in the
workspace's hidden ``.apilab/`` folder. A practice check passes when its saved
output says "All checks passed." without an error.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import stat
import sys
from pathlib import Path

from apilab.grading.iri_grammar import skip_iri_grammar
from apilab.lessons.practice.feedback import ALL_PASSED

LESSON = re.compile(r"(0[1-9]|[1-9]\d)-.+\.ipynb")  # the numbered lessons, not the index (00)
SCORED = re.compile(r"scored ([0-9.]+) of ([0-9.]+)")
FEEDBACK_SCORE = re.compile(r"\(Score: ([0-9.]+) / ([0-9.]+)\)")
SELF_CHECK = "self-check"
SCHEDULE_FILE = "schedule.json"  # what apilab schedule publishes in the course's folder of the exchange


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
    passed = sum(1 for cell in checks if ALL_PASSED in _printed(cell)
                 and not any(output.get("output_type") == "error" for output in cell.get("outputs", [])))
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


# What the Assignment List's line on a submission says (self_study_status.describe), as a state.
STATES = (("being graded", "being graded"), ("could not be graded", "not graded"),
          ("grading stopped", "grading stopped"), ("has not finished", "grading stopped"))


def exercises(root: Path) -> dict:
    """Each exercise nbgrader's Assignment List knows, in order: its state, and its score once it has one.

    ``{"exercises": [...]}``, or ``{"exercises": [], "error": why}`` when the list could not be read. Several
    courses are told apart by their id in the exercise's name.
    """
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    lister = AssignmentList()
    lister.root_dir = str(root)
    listed = lister.list_assignments()  # every course the exchange offers this learner
    if not listed.get("success"):
        return {"exercises": [], "error": " ".join(str(listed.get("value", "no reason given")).split())[:300]}
    courses = {item["course_id"] for item in listed["value"]}
    found: dict[tuple[str, str], dict] = {}
    for item in listed["value"]:
        name = item["assignment_id"] if len(courses) == 1 else f"{item['course_id']}: {item['assignment_id']}"
        entry = found.setdefault((item["course_id"], item["assignment_id"]),
                                 {"exercise": name, "course": item["course_id"], "state": "released", "score": None})
        if item["status"] == "fetched" and entry["state"] == "released":
            entry["state"] = "fetched"
            entry["notebooks"] = [notebook.get("path") for notebook in item.get("notebooks", [])]
        if item["status"] == "submitted" and item.get("submissions"):
            last = item["submissions"][-1]
            said = last.get("timestamp", "")
            scored = SCORED.search(said)
            entry["state"] = next((state for words, state in STATES if words in said), "submitted")
            entry["score"] = f"{float(scored[1]):g} of {float(scored[2]):g}" if scored \
                else _feedback_score(root, last)
    try:
        schedules = class_schedules(root, courses)
    except Exception:  # a schedule that cannot be read hides the due dates, never the exercises
        schedules = {}
    for (course, assignment), entry in found.items():
        schedule = schedules.get(course) or {}
        due = schedule.get("due", {}).get(assignment)
        entry["due"] = due.isoformat() if due else None  # UTC; the sidebar shows it in the learner's time
        entry["late_policy"] = schedule.get("late_policy")
    return as_of_now(root, {"exercises": [found[key] for key in sorted(found)]})


def as_of_now(root: Path, listing: dict) -> dict:
    """The listing with what changes without nbgrader: validated or not (by the notebooks' saved times), past due.

    Cheap (a few file times), so a listing kept for a while still says these as they are now.
    """
    shown = []
    for entry in listing.get("exercises", []):
        entry = dict(entry)
        if entry.get("notebooks") is not None and entry["state"] in ("fetched", *VALIDATED):
            entry["state"] = validation(root, [{"path": path} for path in entry["notebooks"]]) or "fetched"
        due = entry.get("due")
        unsubmitted = entry["state"] in ("released", "fetched", *VALIDATED)
        entry["overdue"] = bool(due and unsubmitted and datetime.datetime.fromisoformat(due) < now())
        shown.append(entry)
    return {**listing, "exercises": shown}


VALIDATED = ("validated, passing", "validated, failing")


VALIDATIONS = Path(".apilab") / "validated.json"  # in the learner's workspace (JupyterLab's root), hidden
MAX_VALIDATIONS = 300  # notes kept (the file stays well under its 256 KiB limit)


def _validations(root: Path) -> dict:
    """The notebooks Validate has checked: path in the workspace -> {"mtime_ns", "passed"}."""
    said = _read_small_json(Path(root) / VALIDATIONS, 256 * 1024)
    return {name: record for name, record in said.items() if isinstance(record, dict)} \
        if isinstance(said, dict) else {}


def record_validation(root: str | Path, path: str, result: dict) -> None:
    """Note that Validate checked the notebook at ``path`` as it is saved now, and whether every test passed.

    ``result`` is what nbgrader's Validate answers: ``{"success": True, "value": {}}`` when nothing failed,
    changed or changed type. The Jupyter server's Validate calls this (``progress_server``).
    """
    root = Path(root).resolve()
    notebook = (root / path).resolve()
    if root not in notebook.parents or not notebook.is_file():
        return
    value = result.get("value")
    records = _validations(root)
    name = str(notebook.relative_to(root))
    records.pop(name, None)  # the latest Validate last: the oldest are dropped first
    records[name] = {
        "mtime_ns": notebook.stat().st_mtime_ns, "passed": bool(result.get("success")) and value == {}}
    kept = dict(list(records.items())[-MAX_VALIDATIONS:])
    target = root / VALIDATIONS
    target.parent.mkdir(exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    temporary.write_text(json.dumps(kept))
    os.replace(temporary, target)


def validation(root: Path, notebooks: list[dict]) -> str | None:
    """"validated, passing" (or "failing") when Validate checked every notebook of an exercise as saved now."""
    root = Path(root).resolve()
    records, passed = _validations(root), []
    for notebook in notebooks:
        try:
            path = (root / notebook["path"]).resolve()
            record = records.get(str(path.relative_to(root)))
            if not record or path.stat().st_mtime_ns != record.get("mtime_ns"):
                return None
        except (KeyError, TypeError, ValueError, OSError):
            return None
        passed.append(record.get("passed") is True)
    if not passed:
        return None
    return VALIDATED[0] if all(passed) else VALIDATED[1]


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


MAX_SCHEDULE_BYTES = 64 * 1024


def _read_small_json(path: Path, limit: int):
    """The JSON in a regular file of at most ``limit`` bytes, not reached through a link; None otherwise."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            return None
        try:
            return json.loads(file.read(limit))
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            return None


def read_schedule(path: Path) -> dict | None:
    """A class's schedule as ``apilab schedule`` publishes it: due dates (UTC) and the late policy; None if none.

    Read with care (a regular file, not followed through a link, at most 64 KiB); whatever in it is not a
    date or a line of text is left out.
    """
    said = _read_small_json(path, MAX_SCHEDULE_BYTES)
    if not isinstance(said, dict):
        return None
    policy = said.get("late_policy")
    due = {}
    for name, when in (said.get("due") if isinstance(said.get("due"), dict) else {}).items():
        try:
            date = datetime.datetime.fromisoformat(when)
            due[str(name)] = date.astimezone(datetime.UTC) if date.tzinfo else date.replace(tzinfo=datetime.UTC)
        except (TypeError, ValueError, OverflowError):
            continue
    policy = " ".join(policy.split())[:300] if isinstance(policy, str) else ""
    return {"late_policy": policy or None, "due": due}


def class_schedules(root: Path, courses) -> dict[str, dict]:
    """The published schedule of each course, read from the exchange the learner's nbgrader settings name."""
    from nbgrader.exchange.default.exchange import Exchange
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    with contextlib.chdir(root):  # where nbgrader's Assignment List reads the learner's settings
        config = AssignmentList().load_config()
    exchange = Path(Exchange(config=config).root)
    return {course: read_schedule(exchange / course / SCHEDULE_FILE) for course in courses}


def course_progress(root: str | Path) -> dict:
    """The lessons and exercises of the workspace at ``root``, as the progress sidebar shows them."""
    root = Path(root)
    return {"lessons": lessons(root), **exercises(root)}


def main(argv: list[str] | None = None) -> int:
    """``python -m apilab.course.progress --exercises ROOT``: the exercises as JSON (the server runs this).

    nbgrader's Assignment List changes the process's working folder while it lists; run apart, it never
    does so under the Jupyter server's other requests.
    """
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "--exercises":
        print("usage: python -m apilab.course.progress --exercises ROOT", file=sys.stderr)
        return 2
    skip_iri_grammar()  # about 1 CPU-second of each listing's 2, for a check a listing never makes
    print(json.dumps(exercises(Path(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
