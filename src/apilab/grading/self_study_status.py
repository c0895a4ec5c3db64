"""Where a self-study learner's submissions stand: ``.grading/self-study/<assignment>.json`` in the course.

One record per submission, keyed by nbgrader's submission timestamp: ``state`` is
``grading`` (from Submit until the grader is done; ``pid`` names the grader once it
runs), ``graded`` (with ``score``, ``max_score``, ``manual`` and ``feedback``),
``failed`` (with ``reason``) or ``superseded`` (a later submission was graded
instead). ``describe`` turns a record into the few words the Assignment List shows
beside the submission's time; a grader that died is seen as such. Writes hold a
lock and are atomic (a new file renamed over the old): the server and the grader
both write, and a reader never sees half a record.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

STATUS_FOLDER = Path(".grading") / "self-study"
STALLED_AFTER = 1800  # seconds: a grading still "grading" after this is said to be taking too long


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


@contextmanager
def _locked(course_root: str | os.PathLike, assignment: str):
    """Hold the status file's lock: the server (Submit) and the grader both update it."""
    lock_path = status_path(course_root, assignment).with_suffix(".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def write_status(course_root: str | os.PathLike, assignment: str, timestamp: str, **record) -> None:
    """Set the record of the submission made at ``timestamp`` (merged over what it had)."""
    path = status_path(course_root, assignment)
    with _locked(course_root, assignment):
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


def _alive(pid) -> bool:
    import psutil

    try:
        return isinstance(pid, int) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def describe(record: dict | None, now: float | None = None) -> str:
    """A few words on one submission for the Assignment List: "being graded (12 s)", "scored 7 of 9", ..."""
    if not record:
        return ""
    state = record.get("state")
    if state == "graded":
        words = f"scored {record.get('score', 0):g} of {record.get('max_score', 0):g}"
        if record.get("manual"):
            words += "; some points wait for a person to grade them"
        if record.get("feedback") is False:
            words += "; its feedback page could not be made"
        return words
    if state == "failed":
        return f"could not be graded: {record.get('reason', 'no reason given')}"
    if state == "superseded":
        return "not graded: a later submission was"
    if state == "grading":
        if "pid" in record and not _alive(record["pid"]):
            return f"grading stopped unfinished (its log: {STATUS_FOLDER}/ in the course); submit again"
        waited = max(0, int((now or time.time()) - record.get("started", time.time())))
        if waited > STALLED_AFTER:
            return f"grading has not finished in {waited // 60} min; submit again (its log: {STATUS_FOLDER}/)"
        return f"being graded ({waited} s so far): refresh to see the score"
    return ""
