"""Grade a self-study learner's submission as a class is graded, and hand back feedback and the model answer.

``python -m apilab.grading.self_study_grade --course DIR ASSIGNMENT`` runs in the
background after Submit (``self_study_exchange.SelfStudySubmit`` starts it): it
collects the newest submission with the course's safe collect, autogrades it
with the course's verified, sandboxed grading (``autograde_class``), generates
and releases the feedback with nbgrader, and records the score in
``self_study_status`` (or why it could not, whatever stopped it; it stops itself
after half an hour). One grader runs at a time (a lock in ``.grading/``); a
submission overtaken by a later one is marked so, and one already graded by an
earlier grader is not graded again.

``offer_model_solution`` writes the exercise's model answer into
``my-work/model-solutions/`` once the learner has submitted: the instructor's
source without its hidden tests or nbgrader's solution markers. It is
only ever called in self-study; a class never gets it.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import signal
import sys
import time
from pathlib import Path

from apilab.grading.self_study_status import STATUS_FOLDER, read_status, supersede_earlier, write_status
from apilab.grading.text import plain

MODEL_SOLUTIONS = "model-solutions"


def offer_model_solution(course_root: str | os.PathLike, assignment: str,
                         work_folder: str | os.PathLike) -> Path | None:
    """Write the model answer of ``assignment`` into ``<work_folder>/model-solutions/``; None if none.

    An existing copy is left alone (the learner may have written in it).
    """
    import nbformat
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    source = Path(course_root) / "solutions" / assignment / f"{assignment}.ipynb"
    target = Path(work_folder) / MODEL_SOLUTIONS / assignment / f"{assignment}.ipynb"
    if not source.is_file():
        return None
    if target.exists():
        return target
    notebook = nbformat.read(source, as_version=4)
    notebook, _ = ClearHiddenTests().preprocess(notebook, {})
    solutions = ClearSolutions()  # nbgrader's own solution delimiters, the comment's hashes aside
    markers = {solutions.begin_solution_delimeter, solutions.end_solution_delimeter}
    for cell in notebook.cells:
        lines = cell.source.splitlines()
        if any(line.strip().lstrip("#").strip() in markers for line in lines):
            cell.source = "\n".join(line for line in lines if line.strip().lstrip("#").strip() not in markers)
        if cell.cell_type == "code":
            cell.update(outputs=[], execution_count=None)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell(
        f"**Model answer of {assignment}**, offered because you submitted your own. Compare, don't copy: "
        f"your graded copy is in `../../{assignment}/`."))
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target


def _submission_timestamp(api, assignment: str, student: str) -> str | None:
    path = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment)) / "timestamp.txt"
    try:
        return path.read_text().strip()
    except OSError:
        return None


def grade_latest(course_root: str | os.PathLike, assignment: str, student: str,
                 submitted_at: str | None = None) -> dict:
    """Collect ``student``'s newest submission of ``assignment``, grade it, release its feedback; its record.

    Every way out writes the record: the learner's line never stays "being graded" after the grader stopped.
    ``submitted_at`` is the Submit's timestamp (what to mark failed if nothing could be collected).
    """
    root = Path(course_root).resolve()
    lock_path = root / STATUS_FOLDER / ".lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    timestamp = submitted_at
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one grader at a time: the next one grades what came in meanwhile
        try:
            timestamp, record = _grade(root, assignment, student, submitted_at)
        except Exception as error:  # recorded for the learner, never a silent stop
            record = {"state": "failed", "reason": plain(f"{type(error).__name__}: {error}", 200)}
        if timestamp is not None:
            write_status(root, assignment, timestamp, **record)
        return record


def _grade(root: Path, assignment: str, student: str, submitted_at: str | None) -> tuple[str | None, dict]:
    from apilab.grading.autograde import NOT_GRADED, autograde_class
    from apilab.grading.course_config import load_course_config, make_api

    api = make_api(load_course_config(root))
    collecting = make_api(load_course_config(root, {"CourseDirectory": {"student_id": student}}))
    collected = collecting.collect(assignment, update=True)  # this learner's submissions only
    timestamp = _submission_timestamp(api, assignment, student)
    if timestamp is None:
        return submitted_at, {"state": "failed",
                              "reason": plain(collected.get("error") or "nothing could be collected", 200)}
    if submitted_at is not None and timestamp < submitted_at:
        return submitted_at, {"state": "failed", "reason": "this submission was not collected (only an earlier one)"
                              + (f": {plain(collected['error'], 150)}" if collected.get("error") else "")}
    done = read_status(root, assignment).get(timestamp, {})
    if done.get("state") in ("graded", "failed"):
        return timestamp, done  # a grader that ran meanwhile already graded this one
    _grading.update(root=root, assignment=assignment, timestamp=timestamp)
    write_status(root, assignment, timestamp, state="grading", pid=os.getpid(), started=time.time())
    supersede_earlier(root, assignment, timestamp)
    [graded] = autograde_class(assignment, [student], jobs=1, course_root=root)
    if graded.failed or graded.score is None:
        reasons = [flag.removeprefix(f"{NOT_GRADED}: ") for flag in graded.flags if flag.startswith(NOT_GRADED)]
        return timestamp, {"state": "failed", "reason": plain("; ".join(reasons) or "no score", 200)}
    feedback = api.generate_feedback(assignment, student)
    released = feedback["success"] and api.release_feedback(assignment, student)["success"]
    return timestamp, {"state": "graded", "score": graded.score, "max_score": graded.max_score,
                       "manual": "needs manual grade" in graded.flags, "feedback": bool(released)}


GRADER_DEADLINE = 1800  # seconds: the grader ends itself after this (its record says failed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apilab.grading.self_study_grade",
                                     description="Grade a self-study learner's newest submission and release feedback.")
    parser.add_argument("assignment")
    parser.add_argument("--course", required=True, help="the course folder holding nbgrader_config.py")
    parser.add_argument("--student", required=True, help="the learner's nbgrader student id")
    parser.add_argument("--submitted-at", help="the Submit's timestamp, marked failed if nothing is collected")
    options = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(GRADER_DEADLINE)
    record = grade_latest(options.course, options.assignment, options.student, options.submitted_at)
    print(f"{options.assignment}: {record}", flush=True)
    return 0 if record.get("state") == "graded" else 1


_grading: dict = {}  # the submission being graded, for _out_of_time


def _out_of_time(signum, frame):
    """Past the deadline: say so on the submission, then end this grader and everything it started."""
    if _grading:
        write_status(_grading["root"], _grading["assignment"], _grading["timestamp"], state="failed",
                     reason=f"grading took more than {GRADER_DEADLINE // 60} minutes and was stopped")
    os.killpg(os.getpgid(0), signal.SIGKILL)  # its own session (start_grading): the workers and kernels too


if __name__ == "__main__":
    sys.exit(main())
