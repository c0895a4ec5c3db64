"""Grade a self-study learner's submission as a class is graded, and hand back feedback and the model answer.

``python -m apilab.grading.self_study_grade --course DIR ASSIGNMENT`` runs in the
background after Submit (``self_study_exchange.SelfStudySubmit`` starts it): it
collects the newest submission with the course's safe collect, autogrades it
with the course's verified, sandboxed grading (``autograde_class``), generates
and releases the feedback with nbgrader, and records the score in
``self_study_status``. One grader runs at a time (a lock in ``.grading/``); a
submission overtaken by a later one is marked so, not graded twice.

``offer_model_solution`` writes the exercise's model answer into
``my-work/model-solutions/`` once the learner has submitted: the instructor's
source without its hidden tests or nbgrader's solution markers. It is
only ever called in self-study; a class never gets it.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import sys
import time
from pathlib import Path

from apilab.grading.self_study_status import STATUS_FOLDER, supersede_earlier, write_status
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


def grade_latest(course_root: str | os.PathLike, assignment: str, student: str) -> dict:
    """Collect ``student``'s newest submission of ``assignment``, grade it, release its feedback; its record."""
    from apilab.grading.autograde import autograde_class
    from apilab.grading.course_config import load_course_config, make_api

    root = Path(course_root).resolve()
    lock_path = root / STATUS_FOLDER / ".lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one grader at a time: the next one grades what came in meanwhile
        api = make_api(load_course_config(root))
        collected = api.collect(assignment, update=True)
        timestamp = _submission_timestamp(api, assignment, student)
        if timestamp is None:
            return {"state": "failed", "reason": plain(collected.get("error") or "nothing was collected", 200)}
        write_status(root, assignment, timestamp, state="grading", started=time.time())
        supersede_earlier(root, assignment, timestamp)
        try:
            [graded] = autograde_class(assignment, [student], jobs=1, course_root=root)
            problem = "; ".join(graded.flags) or "no score" if graded.failed or graded.score is None else None
        except Exception as error:  # recorded for the learner, never a silent stop
            problem = f"{type(error).__name__}: {error}"
        if problem is not None:
            record = {"state": "failed", "reason": plain(problem, 200)}
        else:
            feedback = api.generate_feedback(assignment, student)
            released = feedback["success"] and api.release_feedback(assignment, student)["success"]
            record = {"state": "graded", "score": graded.score, "max_score": graded.max_score,
                      "feedback": bool(released)}
        write_status(root, assignment, timestamp, **record)
        return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apilab.grading.self_study_grade",
                                     description="Grade a self-study learner's newest submission and release feedback.")
    parser.add_argument("assignment")
    parser.add_argument("--course", required=True, help="the course folder holding nbgrader_config.py")
    parser.add_argument("--student", required=True, help="the learner's nbgrader student id")
    options = parser.parse_args(argv)
    record = grade_latest(options.course, options.assignment, options.student)
    print(f"{options.assignment}: {record}", flush=True)
    return 0 if record.get("state") == "graded" else 1


if __name__ == "__main__":
    sys.exit(main())
