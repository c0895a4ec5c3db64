"""Grades in the CSV shapes Canvas and Moodle import: nbgrader export plugins.

``nbgrader export`` writes one row per learner and assignment. A learning
management system's gradebook imports one row per learner and one column per
assignment instead, and matches learners by columns of its own::

    nbgrader export --exporter=apilab.grading.lms_export.CanvasCsvExport --to canvas-grades.csv
    nbgrader export --exporter=apilab.grading.lms_export.MoodleCsvExport --to moodle-grades.csv

- Canvas (Grades → Import): ``Student``, ``ID``, ``SIS User ID``, ``SIS Login
  ID``, ``Section``, then one column per assignment, with a ``Points Possible``
  row first. ``ID`` is the learner's ``lms_user_id`` from the roster (Canvas's
  own user id), ``SIS Login ID`` their nbgrader id (their login).
- Moodle (Grades → Import → CSV file): ``Username``, ``Email address``,
  ``First name``, ``Last name``, then one column per assignment; the import
  page asks which column identifies the user.

Each score is nbgrader's: the points less a late submission's penalty. A learner
who submitted nothing gets an empty cell (the gradebook keeps what it has), not
a 0. Names come from the roster (``nbgrader db student import``); a text that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is written with a leading ``'``.
``--assignment`` and ``--student`` choose columns and rows, as for nbgrader's
own CSV.
"""

from __future__ import annotations

import csv

from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _points(value: float) -> str:
    return f"{round(float(value), 2):g}"


class _OneRowPerLearner(ExportPlugin):
    """One row per learner, one column per assignment."""

    default_file = "grades.csv"
    identity: tuple[str, ...] = ()

    def who(self, student) -> list[str]:
        raise NotImplementedError

    def header_rows(self, assignments) -> list[list[str]]:
        return [[*self.identity, *(assignment.name for assignment in assignments)]]

    def export(self, gradebook) -> None:
        wanted_assignments = {str(name) for name in self.assignment}
        wanted_students = {str(name) for name in self.student}
        assignments = [a for a in gradebook.assignments if not wanted_assignments or a.name in wanted_assignments]
        students = sorted((s for s in gradebook.students if not wanted_students or s.id in wanted_students),
                          key=lambda student: student.id)
        destination = self.to or self.default_file
        self.log.info("Exporting %d learners' grades in %d assignments to %s", len(students), len(assignments),
                      destination)
        with open(destination, "w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerows(self.header_rows(assignments))
            for student in students:
                row = [_text(value) for value in self.who(student)]
                for assignment in assignments:
                    try:
                        submission = gradebook.find_submission(assignment.name, student.id)
                    except MissingEntry:
                        row.append("")
                    else:  # as nbgrader's own export: the score less a late submission's penalty
                        row.append(_points(max(0.0, submission.score - submission.late_submission_penalty)))
                writer.writerow(row)


class CanvasCsvExport(_OneRowPerLearner):
    """Grades as Canvas's gradebook imports them."""

    default_file = "canvas-grades.csv"
    identity = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")

    def header_rows(self, assignments) -> list[list[str]]:
        possible = ["Points Possible", "", "", "", "", *(_points(a.max_score) for a in assignments)]
        return [*super().header_rows(assignments), possible]

    def who(self, student) -> list[str]:
        name = ", ".join(part for part in (student.last_name, student.first_name) if part) or student.id
        return [name, student.lms_user_id or "", "", student.id, ""]


class MoodleCsvExport(_OneRowPerLearner):
    """Grades as Moodle's CSV grade import reads them."""

    default_file = "moodle-grades.csv"
    identity = ("Username", "Email address", "First name", "Last name")

    def who(self, student) -> list[str]:
        return [student.id, student.email or "", student.first_name or "", student.last_name or ""]
