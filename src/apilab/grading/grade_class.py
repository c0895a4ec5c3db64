"""``apilab grade-class ASSIGNMENT``: autograde a class from a terminal, one line per learner.

A thin shell over ``apilab.grading.autograde_class``; a progress bar while it runs in a terminal or a
notebook (``apilab.grading.progress``).
"""

from __future__ import annotations

import argparse
import time

from apilab.grading.autograde import autograde_class
from apilab.grading.progress import ClassProgress, wants_bar


def sandbox_line() -> str:
    """One line saying where learners' code runs while graded, and under which limits."""
    from apilab.grading.limits import in_force
    from apilab.grading.sandbox import sandbox_problem

    if sandbox_problem():
        return f"Warning: {sandbox_problem()}."
    return f"Learners' code runs in the sandbox; limits: {in_force()}."


def main(argv: list[str] | None = None) -> int:
    """``apilab grade-class ASSIGNMENT [--student ID ...] [--jobs N] [--course DIR]``; 1 when any was not graded."""
    parser = argparse.ArgumentParser(
        prog="apilab grade-class",
        description="Autograde every submission of an assignment in parallel (nbgrader autograde, one "
                    "process per core), then list scores and what needs a look.")
    parser.add_argument("assignment", help="the assignment, e.g. 01-flask-api")
    parser.add_argument("--student", action="append", dest="students", help="grade only this student (repeatable)")
    parser.add_argument("--jobs", type=int, help="processes at once (default: one per CPU)")
    parser.add_argument("--course", default=".", help="the course folder holding nbgrader_config.py (default: .)")
    parser.add_argument("--no-progress", action="store_true",
                        help="one line per learner, no progress bar (the default when the output is not a terminal)")
    options = parser.parse_args(argv)
    print(sandbox_line(), flush=True)
    started = time.monotonic()
    progress = ClassProgress(bar=wants_bar() and not options.no_progress)
    try:
        graded = autograde_class(options.assignment, options.students, options.jobs, options.course,
                                 progress=progress)
    except (TypeError, ValueError) as error:
        parser.error(str(error))
    finally:
        progress.close()
    if not graded:
        print(f"No submissions of {options.assignment} under submitted/ (run `nbgrader collect` first).")
        return 0
    flagged = sum(submission.flagged for submission in graded)
    failed = sum(submission.failed for submission in graded)
    print(f"{len(graded)} submissions autograded in {time.monotonic() - started:.1f} s; {flagged} flagged "
          f"for a look, {failed} could not be graded.")
    return 1 if failed else 0
