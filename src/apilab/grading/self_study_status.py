"""Where a self-study learner's submissions stand: ``.grading/self-study/<assignment>.json`` in the course.

One record per submission, keyed by nbgrader's submission timestamp: ``state`` is
``grading`` (from Submit until the grader is done), ``graded`` (with ``score`` and
``max_score``), ``failed`` (with ``reason``) or ``superseded`` (a later submission
was graded instead). ``describe`` turns a record into the few words the Assignment
List shows beside the submission's time. Writes are atomic (a new file renamed
over the old), so a reader never sees half a record.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

STATUS_FOLDER = Path(".grading") / "self-study"
STALLED_AFTER = 900  # seconds: a grading still "grading" after this stopped without a word (killed, machine off)


def status_path(course_root: str | os.PathLike, assignment: str) -> Path:
    return Path(course_root) / STATUS_FOLDER / f"{assignment}.json"


def read_status(course_root: str | os.PathLike, assignment: str) -> dict[str, dict]:
    """Every submission's record of ``assignment`` ({timestamp: record}); {} when none or unreadable."""
    try:
        records = json.loads(status_path(course_root, assignment).read_text())
    except (OSError, ValueError):
        return {}
    return {key: value for key, value in records.items() if isinstance(value, dict)} \
        if isinstance(records, dict) else {}


def write_status(course_root: str | os.PathLike, assignment: str, timestamp: str, **record) -> None:
    """Set the record of the submission made at ``timestamp`` (merged over what it had)."""
    path = status_path(course_root, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    records = read_status(course_root, assignment)
    records[timestamp] = {**records.get(timestamp, {}), **record, "updated": time.time()}
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(records, indent=1))
    os.replace(partial, path)


def supersede_earlier(course_root: str | os.PathLike, assignment: str, timestamp: str) -> None:
    """Submissions before ``timestamp`` still waiting for a grade will not get one: a later one was graded."""
    for earlier, record in read_status(course_root, assignment).items():
        if earlier < timestamp and record.get("state") == "grading":
            write_status(course_root, assignment, earlier, state="superseded")


def describe(record: dict | None, now: float | None = None) -> str:
    """A few words on one submission for the Assignment List: "being graded (12 s)", "scored 7 of 9", ..."""
    if not record:
        return ""
    state = record.get("state")
    if state == "graded":
        return f"scored {record.get('score', 0):g} of {record.get('max_score', 0):g}"
    if state == "failed":
        return f"could not be graded: {record.get('reason', 'no reason given')}"
    if state == "superseded":
        return "not graded: a later submission was"
    if state == "grading":
        waited = max(0, int((now or time.time()) - record.get("started", time.time())))
        if waited > STALLED_AFTER:
            return f"grading stopped unfinished (its log: {STATUS_FOLDER}/); submit again to grade it"
        return f"being graded ({waited} s so far): refresh to see the score"
    return ""
