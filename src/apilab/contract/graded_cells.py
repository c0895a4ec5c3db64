"""What the exercises' contract-graded test cells run: checks scored as partial credit, with hints.

A test cell is worth its points in proportion to the checks it passed: its last
line, ``cell.points()``, prints each failed check as one line (with a hint where
a common cause is known) and shows the points earned as a number, which nbgrader
takes as the cell's partial credit. Warnings and log records written while the
learner's app is checked are kept and shown as a note: they never cost points.
``summary(assignment)`` shows, at the end of an exercise, the checks passed and
the points of each cell. ``EXERCISE_CELLS`` says which groups each test cell
checks (``AUTH_CELLS`` the same for exercise 4, whose cells ``auth_cells`` runs); the course's grader runs the same checks from outside the learner's
process (``apilab.grading.verify``) and keeps that result.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

from apilab.contract.checks import check_fresh_stores, fresh_stores_report, run_checks
from apilab.contract.groups import (
    AUTH_READS_PUBLIC,
    AUTH_REQUIRED,
    AUTH_TOKEN_WORKS,
    CREATE,
    DELETE,
    ERRORS,
    FRESH_STORES,
    LIST,
    NOT_FOUND,
    REPLACE,
    RETRIEVE,
    UPDATE,
    VALIDATION,
)
from apilab.contract.report import CheckResult, ContractReport

# {assignment: {grade_id of a test cell: (framework, the groups it checks, its points)}}
EXERCISE_CELLS: dict[str, dict[str, tuple[str, tuple[str, ...], int]]] = {
    "01-flask-api": {
        "check_list_create": ("flask", (LIST, CREATE), 4),
        "check_validation": ("flask", (VALIDATION,), 4),
        "check_retrieve": ("flask", (RETRIEVE, NOT_FOUND), 3),
        "check_replace_update": ("flask", (REPLACE, UPDATE), 4),
        "check_delete": ("flask", (DELETE,), 2),
        "check_errors": ("flask", (ERRORS,), 1),
        "check_fresh_stores": ("flask", (FRESH_STORES,), 2),
    },
    "02-drf-api": {
        "check_list_create": ("django", (LIST, CREATE), 4),
        "check_validation": ("django", (VALIDATION,), 4),
        "check_retrieve": ("django", (RETRIEVE, NOT_FOUND), 3),
        "check_replace_update": ("django", (REPLACE, UPDATE), 4),
        "check_delete": ("django", (DELETE,), 3),
        "check_errors": ("django", (ERRORS,), 2),
    },
}

# Exercise 4's cells (Part B and the production settings): checked by apilab.contract.auth_cells.
AUTH_CELLS: dict[str, dict[str, tuple[str, tuple[str, ...], int]]] = {
    "04-auth-production": {
        "flask_auth_required": ("flask", (AUTH_REQUIRED,), 2),
        "flask_reads_public": ("flask", (AUTH_READS_PUBLIC,), 1),
        "flask_token_works": ("flask", (AUTH_TOKEN_WORKS,), 2),
        "django_auth_required": ("django", (AUTH_REQUIRED,), 2),
        "django_reads_public": ("django", (AUTH_READS_PUBLIC,), 1),
        "django_token_works": ("django", (AUTH_TOKEN_WORKS,), 2),
        "deploy_check_https": ("settings", ("deploy_https",), 2),
        "deploy_check_others": ("settings", ("deploy_others",), 2),
        "settings_from_environment": ("settings", ("settings_environment",), 2),
    },
}

ALL_CELLS = {**EXERCISE_CELLS, **AUTH_CELLS}  # every exercise's graded test cells, for GradedCell and summary

GRADED_SERVER = "graded-api"  # the name test cells serve the learner's app under; re-running replaces it

# (a pattern of a failed check's line, what commonly causes it)
HINTS = [
    (r"(GET|POST|PUT|PATCH|DELETE) /api/products/(\d+/)? .*got (404|301|308)\b(?!.*detail)",
     "every path ends with a slash: /api/products/ and /api/products/<id>/"),
    (r"paths end with a slash",
     "every path ends with a slash: /api/products/ and /api/products/<id>/ (in Django: path(\"api/products/\", ...))"),
    (r"ids are never reused|a new id, not \d+",
     "sqlite gives a deleted product's id again unless the column is INTEGER PRIMARY KEY AUTOINCREMENT; "
     "a counter in Python must never go down"),
    (r"got 500\b", "your app failed to answer: apilab.recent_errors() shows the traceback"),
    (r"module-level|share a store",
     "keep the store in a variable created inside create_app(), not at module level"),
    (r"Content-Type: text/html",
     "errors must be JSON too: in Flask an @app.errorhandler(HTTPException) returning jsonify(detail=...)"),
    (r"not a JSON object is invalid",
     "check that the body is a JSON object (a dict) before reading its fields"),
    (r"stores no unknown field|unknown fields are ignored",
     "copy only name, price_cents and in_stock from the body; never the id a client sends"),
    (r"401 without a WWW-Authenticate header",
     "a 401 names its scheme: in Flask return the header {'WWW-Authenticate': 'Token'} with it; in DRF put "
     "TokenAuthentication first in authentication_classes"),
    (r"expected 401 with a JSON .*got 403\b",
     "DRF answers 403 when its first authentication class sends no WWW-Authenticate header: put TokenAuthentication first"),
    (r"could not create a product to check with: .*got 401\b|with a deleted token: expected 401|with key \d+ of \d+: expected 201",
     "a write with a valid 'Authorization: Token <key>' must go through: read the key after 'Token ' and accept "
     "every key given (and no deleted one)"),
    (r"changes nothing.*became",
     "validate the whole body first, then change the product: an invalid request changes nothing"),
]

_results: dict[str, dict[str, "GradedCell"]] = {}  # what this kernel's test cells found, for summary()


def hint(line: str) -> str:
    """The hint for a failed check's line, or '' when no common cause is known."""
    for pattern, text in HINTS:
        if re.search(pattern, line):
            return text
    return ""


def failure_lines(results: list[CheckResult]) -> list[str]:
    """One line per failed check, each followed by its hint (when one is known)."""
    lines = []
    for result in results:
        if not result.passed:
            lines.append(result.line())
            if hint(result.line()):
                lines.append(f"    hint: {hint(result.line())}")
    return lines


def earned(results: list[CheckResult], points: float) -> float:
    """``points`` in proportion to the checks passed, rounded to hundredths."""
    if not results:
        return 0.0
    return round(points * sum(result.passed for result in results) / len(results), 2)


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


@dataclass
class GradedCell:
    """One test cell: the checks it ran so far, its points, and what the learner's app wrote meanwhile."""

    assignment: str
    grade_id: str
    points_possible: float = 0.0
    results: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self):
        cells = ALL_CELLS.get(self.assignment)
        if cells is None or self.grade_id not in cells:
            raise ValueError(f"no graded cell {self.grade_id!r} in {self.assignment!r}")
        self.framework, self.groups, points = cells[self.grade_id]
        self.points_possible = self.points_possible or points
        _results.setdefault(self.assignment, {})[self.grade_id] = self

    def add(self, report: ContractReport) -> None:
        """Count a report's checks towards this cell."""
        self.results.extend(report.results)

    def failed_to_start(self, error: BaseException) -> None:
        """Count every check of this cell as failed: the app could not be made or served."""
        line = f"the app could not be served: {type(error).__name__}: {error}"
        self.add(unserved_report(self.groups, line))

    def check_flask(self, create_app: Callable[[], Any], *, other_values: bool = False) -> None:
        """Serve a fresh ``create_app()`` and run this cell's checks on it."""
        from apilab.serving.servers import serve

        with kept_aside(self.notes):
            if FRESH_STORES in self.groups:
                try:
                    self.add(check_fresh_stores(create_app))
                except TypeError as error:
                    self.add(fresh_stores_report(problem=str(error)))
                return
            try:
                server = serve(create_app(), name=GRADED_SERVER)
            except Exception as error:  # the learner's create_app() failed: its checks fail, the cell goes on
                self.failed_to_start(error)
                return
            self.add(run_checks(server.url, groups=self.groups, other_values=other_values))

    def check_django(self, urlpatterns: Any, *, other_values: bool = False) -> None:
        """Serve ``urlpatterns`` over an emptied Product table and run this cell's checks on them."""
        from apilab.django_project.setup import serve_django

        with kept_aside(self.notes):
            try:
                from apilab.django_project.shop.models import Product

                Product.objects.all().delete()
                server = serve_django(urlpatterns, name=GRADED_SERVER)
            except Exception as error:
                self.failed_to_start(error)
                return
            self.add(run_checks(server.url, groups=self.groups, other_values=other_values))

    def score(self) -> float:
        """The points earned so far: in proportion to the checks passed."""
        return earned(self.results, self.points_possible)

    def points(self) -> float:
        """Print the failed checks (with hints) and notes; return the points earned, nbgrader's partial credit."""
        score = self.score()
        passed = sum(result.passed for result in self.results)
        print(f"{self.grade_id}: {passed} of {len(self.results)} checks passed, "
              f"{score:g} of {self.points_possible:g} points")
        for line in failure_lines(self.results):
            print(line)
        if self.notes:
            print(f"Note (costs nothing): your app wrote {len(self.notes)} warning or log line(s) while it was "
                  f"checked, e.g. {self.notes[0][:200]}")
        return score


def unserved_report(groups: tuple[str, ...], reason: str) -> ContractReport:
    """A report failing every check of ``groups`` with ``reason`` (the app was not served)."""
    from apilab.contract.checks import FRESH_STORE_CHECKS
    from apilab.contract.crud_checks import CRUD_CHECKS

    names = [(check.group, check.name) for check in CRUD_CHECKS if check.group in groups]
    if FRESH_STORES in groups:
        names += [(FRESH_STORES, name) for name in FRESH_STORE_CHECKS]
    return ContractReport("not served", [CheckResult(g, n, False, reason) for g, n in names], tuple(groups))


def summary(assignment: str) -> pd.DataFrame:
    """A table of this exercise's test cells run in this kernel: checks passed and points of each, and a total."""
    cells = ALL_CELLS.get(assignment)
    if cells is None:
        raise ValueError(f"unknown exercise {assignment!r}; choose from {', '.join(ALL_CELLS)}")
    ran = _results.get(assignment, {})
    rows = []
    for grade_id, (_, groups, points) in cells.items():
        cell = ran.get(grade_id)
        if cell is None:
            rows.append((grade_id, ", ".join(groups), None, None, None, points))
            continue
        passed = sum(result.passed for result in cell.results)
        rows.append((grade_id, ", ".join(groups), passed, len(cell.results),
                     cell.score(), points))
    table = pd.DataFrame(rows, columns=["test cell", "groups", "checks passed", "checks", "points", "of"])
    total = pd.DataFrame([("total", "", table["checks passed"].sum(), table["checks"].sum(),
                           round(table["points"].sum(), 2), table["of"].sum())], columns=table.columns)
    return pd.concat([table, total], ignore_index=True)
