"""``apilab extend ASSIGNMENT STUDENT --days N``: one learner's extension, and their late penalty set again.

nbgrader keeps a learner's extension in the gradebook (``Gradebook.grant_extension``)
but has no command for it, and sets a late penalty when it autogrades: an extension
granted afterwards leaves the old penalty in place. This grants (or, with no time
given, removes) the extension and sets each notebook's penalty again, with the
course's late-submission plugin (``LateSubmissionPlugin.penalty_method`` in
nbgrader_config.py). An extension replaces an earlier one; it does not add to it.
"""

from __future__ import annotations

import argparse
import datetime

from apilab.grading.course_config import load_course_config
from apilab.grading.gradebook import reassess_late_penalty


def grant(gradebook, assignment: str, student: str, extension: datetime.timedelta | None, config=None) -> str:
    """Give ``student`` the ``extension`` (None: none) for ``assignment``; one line saying what changed."""
    from nbgrader.api import MissingEntry

    try:
        gradebook.find_assignment(assignment)
        gradebook.find_student(student)
    except MissingEntry:
        known = ", ".join(sorted(a.name for a in gradebook.assignments)) or "none"
        raise ValueError(f"the gradebook has no assignment {assignment!r} or no learner {student!r} "
                         f"(assignments: {known})") from None
    submission = gradebook.update_or_create_submission(assignment, student, extension=extension)
    for notebook in submission.notebooks:
        reassess_late_penalty(gradebook, assignment, student, notebook.name, config)
    submission = gradebook.find_submission(assignment, student)
    due = submission.duedate
    when = f"due {due:%Y-%m-%d %H:%M} UTC" if due is not None else "no due date"
    late = f"{submission.total_seconds_late / 3600:.1f} h late" if submission.total_seconds_late else "on time"
    more = f"an extension of {extension}" if extension else "no extension"
    return (f"{student}: {assignment} with {more}: {when}; the submission is {late}, "
            f"late penalty {submission.late_submission_penalty:g}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="apilab extend", description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("student")
    parser.add_argument("--days", type=float, default=0.0)
    parser.add_argument("--hours", type=float, default=0.0)
    parser.add_argument("--course", default=".", help="the course folder holding nbgrader_config.py (default: .)")
    options = parser.parse_args(argv)
    if options.days < 0 or options.hours < 0:
        parser.error("an extension is 0 or more days and hours")
    from nbgrader.api import Gradebook

    try:
        config = load_course_config(options.course)
    except ValueError as error:
        parser.error(str(error))
    extension = datetime.timedelta(days=options.days, hours=options.hours) or None
    with Gradebook(config.CourseDirectory.db_url) as gradebook:
        try:
            print(grant(gradebook, options.assignment, options.student, extension, config))
        except ValueError as error:
            parser.error(str(error))
    return 0
