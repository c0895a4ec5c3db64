"""What every exercise's test cells share in the learner's kernel: the checks each cell ran, its points, a summary.

A test cell makes a ``CellChecks`` for its grade id, adds the results of its
checks, and ends with ``points()``: it prints one line per cause of failure
("POST /api/products/ answered 200; the contract says 201 (6 checks)"), a hint
under it only when the hint matches, and the first failure in full below that
(lines starting "    |", which Validate leaves out), then shows the points
earned as a number, which nbgrader takes as the cell's partial credit. A check
run with several sets of values counts once (``per_check``), everywhere. ``summary(assignment)``, at
the end of an exercise, shows every cell run in this kernel. Warnings and log
records the learner's app writes while it is checked are kept aside as a note
(``kept_aside``; ``noted`` prints them as notes): nbgrader fails a test cell
that writes to stderr, and a warning is not a wrong answer. While the grader
checks a cell itself, from outside (``CHECKED_OUTSIDE``), the cell runs no
check here and reports 0.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import os
import textwrap
import warnings
from typing import TYPE_CHECKING

from apilab.contract.report import CheckResult, failures_by_cause, per_check
from apilab.exercises.hints import hint
from apilab.exercises.spec import Exercise

if TYPE_CHECKING:
    import pandas as pd

SHOWN_CAUSES = 8  # causes of failure a cell prints; the rest are counted (a wrong rule can fail a hundred checks)
LINE_CHARS = 120  # the longest line a test cell prints (Validate's dialog shows them without scrolling)
DETAIL = "    | "  # the start of a line that shows a failure in full (what was sent, expected and received)
HINT = "    hint: "
NOTE_CHARS = 200
# Set by the grader in a graded kernel: the grade ids (comma-separated) of the test cells it checks itself, from
# outside, while grading (apilab.grading.checks_once). Their test cells run no check here and report 0 points.
CHECKED_OUTSIDE = "APILAB_CHECKED_OUTSIDE"
OUTSIDE_LINE = "checked from outside this notebook while grading: its points are in the feedback's score"

_recorded: dict[str, dict[str, CellChecks]] = {}  # {assignment: {grade id: the last run of that cell}}


@contextlib.contextmanager
def kept_aside(notes: list[str]):
    """Keep warnings, log records and stderr written inside the block as notes instead of printing them."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    root = logging.getLogger()
    root.addHandler(handler)
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(buffer):
        warnings.simplefilter("always")
        try:
            yield
        finally:
            root.removeHandler(handler)
    notes.extend(f"{w.category.__name__}: {w.message}" for w in caught)
    notes.extend(line for line in buffer.getvalue().splitlines() if line.strip())


def noted(check):
    """``check`` run with warnings and stderr kept aside, then printed as notes that cost nothing."""

    @functools.wraps(check)
    def quiet(*args, **kwargs):
        notes: list[str] = []
        with kept_aside(notes):
            result = check(*args, **kwargs)
        for note in dict.fromkeys(notes):
            print(f"note (costs nothing): {note}")
        return result

    return quiet


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LINE_CHARS else text[: LINE_CHARS - 1] + "…"


def headline(cause: str, failed: list[CheckResult]) -> str:
    """A cause of failure in a few words: with how many checks it failed, or which check when only one."""
    if len(failed) > 1:
        return f"{cause} ({len(failed)} checks)"
    return f"{cause}: [{failed[0].group}] {failed[0].check}" if failed[0].cause else cause


def cause_hint(failure: CheckResult) -> str:
    """The hint for a failure: matched on what came back when the cause is known, else on the whole line."""
    return hint(failure.message if failure.cause else failure.line())


def failure_lines(results: list[CheckResult]) -> list[str]:
    """One line per cause of failure (with how many checks it failed), its hint once, the first case in full."""
    lines, hints = [], []
    causes = failures_by_cause(results)
    for cause, failed in causes[:SHOWN_CAUSES]:
        lines.append(_short(f"✗ {headline(cause, failed)}"))
        found = cause_hint(failed[0])
        if found and found not in hints:
            hints.append(found)
            lines += textwrap.wrap(found, LINE_CHARS, initial_indent=HINT, subsequent_indent=" " * len(HINT))
        lines += textwrap.wrap(failed[0].line(), LINE_CHARS, initial_indent=DETAIL, subsequent_indent=DETAIL)
    more = sum(len(failed) for _, failed in causes[SHOWN_CAUSES:])
    if more:
        lines.append(f"... and {more} more failed check(s)")
    return lines


class CellChecks:
    """The checks one test cell ran in this kernel, and what the learner's app wrote meanwhile."""

    def __init__(self, exercise: Exercise, grade_id: str, run: int | None = None):
        self.exercise = exercise
        self.cell = exercise.cell(grade_id)
        self.run = run  # which run of the cell this is (the kernel's execution count), when it matters
        self.results: list[CheckResult] = []
        self.notes: list[str] = []
        self.outside = grade_id in os.environ.get(CHECKED_OUTSIDE, "").split(",")
        if self.outside:  # shadows the subclass's check: nothing runs in this kernel
            self.check = self._checked_outside
        _recorded.setdefault(exercise.assignment, {})[grade_id] = self

    def _checked_outside(self, *args, **kwargs) -> None:
        """The cell's checks while the grader runs them itself, from outside: none here."""

    @property
    def grade_id(self) -> str:
        return self.cell.grade_id

    @property
    def points_possible(self) -> float:
        return float(self.cell.points)

    def add(self, results: list[CheckResult]) -> None:
        """Count ``results`` towards this cell."""
        self.results.extend(results)

    def score(self) -> float:
        """The points earned so far."""
        return self.cell.earned(self.results)

    def points(self) -> float:
        """Print the failed checks (with hints) and notes; return the points earned, nbgrader's partial credit."""
        if self.outside:
            print(f"{self.grade_id}: {OUTSIDE_LINE}")
            return 0.0
        score = self.score()
        checks = per_check(self.results)
        passed = sum(result.passed for result in checks)
        print(f"{self.grade_id}: {passed} of {len(checks)} checks passed, "
              f"{score:g} of {self.points_possible:g} points ({self.cell.rule})")
        for line in failure_lines(self.results):
            print(line)
        if self.notes:
            print(f"Note (costs nothing): your app wrote {len(self.notes)} warning or log line(s) while it was "
                  f"checked, e.g. {self.notes[0][:NOTE_CHARS]}")
        return score


def cell_run(exercise: Exercise, grade_id: str, run: int) -> CellChecks:
    """The checks of the ``run``-th run of a cell: the same object within one run, a new one for the next."""
    kept = _recorded.get(exercise.assignment, {}).get(grade_id)
    if kept is not None and kept.run == run:
        return kept
    return CellChecks(exercise, grade_id, run)


def first_failure(causes: list[tuple[str, list[CheckResult]]]) -> str:
    """The summary's word on a cell: its first cause of failure, or its first failed check in full."""
    if not causes:
        return ""
    cause, failed = causes[0]
    return _short(headline(cause, failed) if failed[0].cause else failed[0].line())


def summary(exercise: Exercise) -> pd.DataFrame:
    """A table of the exercise's test cells run in this kernel: checks passed, points of each, and a total."""
    import pandas as pd

    ran = _recorded.get(exercise.assignment, {})
    rows = []
    for cell in exercise.cells:
        checks = ran.get(cell.grade_id)
        if checks is None or checks.outside:
            rows.append((cell.grade_id, None, None, None, cell.points, OUTSIDE_LINE if checks else "not run"))
            continue
        counted = per_check(checks.results)
        causes = failures_by_cause(checks.results)
        rows.append((cell.grade_id, sum(result.passed for result in counted), len(counted),
                     checks.score(), cell.points, first_failure(causes)))
    table = pd.DataFrame(rows, columns=["test cell", "checks passed", "checks", "points", "of", "first failure"])
    if any(checks is not None and checks.outside for checks in ran.values()):  # graded: the grader has the counts
        total = ("total", None, None, None, table["of"].sum(), "points: the feedback's score")
    else:
        total = ("total", table["checks passed"].sum(), table["checks"].sum(), round(table["points"].sum(), 2),
                 table["of"].sum(), "")
    return pd.concat([table, pd.DataFrame([total], columns=table.columns)], ignore_index=True)
