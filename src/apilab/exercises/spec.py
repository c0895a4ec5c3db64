"""The small types that describe a graded exercise: its test cells, their points, how the grader checks them.

A ``GradedCell`` is one nbgrader test cell: its grade id, its points, what it
checks and how its checks turn into points (in proportion to the checks passed,
or all or nothing). An ``Exercise`` is one assignment: its graded cells, the
requests its verification process answers beside the learner's code (``ops``),
and ``decide``, which runs every cell's checks from the grader's side. The
points a cell earns are computed in one place, ``GradedCell.earned``, for the
notebook's test cells and the grader alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from apilab.contract.report import CheckResult, per_check

IN_PROPORTION = "in proportion to the checks passed"
ALL_OR_NOTHING = "all or nothing"


@dataclass(frozen=True)
class GradedCell:
    """One graded test cell: what it checks and what it is worth."""

    grade_id: str
    points: float
    checks: str  # what the cell checks, in words: the first line of the test cell says the same
    target: str = ""  # what the cell checks the answer through: "flask", "django", "settings" or "data"
    groups: tuple[str, ...] = ()  # the contract's check groups it runs (contract-graded cells only)
    all_or_nothing: bool = False  # True: its points only when every check passed; else in proportion

    @property
    def rule(self) -> str:
        """How the cell's checks become points, in words."""
        return ALL_OR_NOTHING if self.all_or_nothing else IN_PROPORTION

    def earned(self, results: list[CheckResult]) -> float:
        """The points ``results`` earn: in proportion to the checks passed (hundredths), or all or nothing.

        A check that ran with several sets of values counts once, as passed only if every run passed.
        """
        results = per_check(results)
        if not results:
            return 0.0
        passed = sum(result.passed for result in results)
        if self.all_or_nothing:
            return float(self.points) if passed == len(results) else 0.0
        return round(self.points * passed / len(results), 2)

    def failed(self, names: list[tuple[str, str]], reason: str) -> list[CheckResult]:
        """Every check of ``names`` ((group, check) pairs) failed with ``reason``."""
        return [CheckResult(group, name, False, reason) for group, name in names]


# decide(answer process, why it did not start or "") -> (grade id, that cell's check results), cell by cell
Decide = Callable[[Any, str], Iterator[tuple[str, list[CheckResult]]]]


@dataclass(frozen=True)
class Exercise:
    """One graded assignment: its cells, and how its verification process and grader check them."""

    assignment: str
    builds: str  # what the learner builds, in words (the exercise table)
    released_after: str  # the file name of the lesson the exercise follows (released right after it)
    cells: tuple[GradedCell, ...]
    decide: Decide = field(compare=False)  # the grader's side: every cell's checks, run from outside
    # The requests the verification process answers beside the learner's code: {name: function(answer, **params)}.
    ops: Mapping[str, Callable[..., dict]] = field(default_factory=dict, compare=False)
    # Run in the verification process before the learner's cells, with the run's variant ({} or the data the
    # exercise's decide sends): to make it behave as the graded kernel, or change what the cells meet.
    prepare: Callable[[dict], None] | None = field(default=None, compare=False)
    # The course's modules of ready-made answers (apilab.grading.sandbox.ANSWER_MODULES) this exercise's
    # code may import while graded, as paths in the package: e.g. exercise 4's Flask Part A.
    answers_visible: tuple[str, ...] = ()
    # Files of the instructor's copy (its folder in solutions/) the grader reads, which nbgrader never releases
    # (CourseDirectory.ignore): exercise 5's hidden builds. Grading without them is flagged.
    instructor_files: tuple[str, ...] = ()
    # Cells only the grader decides (their checks never run in a learner's kernel): a notebook's 0 there is
    # expected, and differing from the verified points raises no flag.
    outside_only: tuple[str, ...] = ()
    # Files the answer cells write (exercise 5's suite): the grader never takes them from the release.
    answer_files: tuple[str, ...] = ()
    # True: the verification process writes each SQL statement it sends to SQLite to a pipe the grader reads
    # (exercise 6's query budget, ``Runner.queries``).
    counts_queries: bool = False
    # True: the test cells check through ``kernel.CellChecks``, which runs none of a cell's checks while the grader
    # checks it itself, from outside (apilab.grading.checks_once). Exercise 3's cells check in the kernel always.
    checks_once: bool = True

    def cell(self, grade_id: str) -> GradedCell:
        """The graded cell ``grade_id``; ValueError naming the cells when there is none."""
        for cell in self.cells:
            if cell.grade_id == grade_id:
                return cell
        raise ValueError(f"no graded cell {grade_id!r} in {self.assignment!r}; its cells are "
                         f"{', '.join(cell.grade_id for cell in self.cells)}")

    @property
    def points(self) -> float:
        """The points of every test cell (answers graded by hand not counted)."""
        return float(sum(cell.points for cell in self.cells))
