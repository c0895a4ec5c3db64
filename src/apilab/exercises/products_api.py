"""Exercises 1 and 2 (``01-flask-api``, ``02-drf-api``): the Products API, graded by the contract's checks.

Each test cell runs some groups of the contract's checks on a fresh app made
from the learner's answer (Flask: ``create_app()``; DRF: ``urlpatterns`` over an
emptied Product table), visible and then hidden with other values, and earns
its points in proportion to the checks passed. In the notebook a test cell
serves the app in the kernel (``FlaskCell``, ``DjangoCell``); from outside, the
verification process serves it on request (``OPS``) and the grader runs the
same checks on it (``decide``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from apilab.contract.groups import (
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
from apilab.contract.report import CheckResult
from apilab.exercises.kernel import CellChecks, kept_aside
from apilab.exercises.spec import Exercise, GradedCell

GRADED_SERVER = "graded-api"  # the name test cells serve the learner's app under; re-running replaces it

LIST_CREATE = "GET /api/products/ lists products in id order; POST creates one with 201"
VALIDATES = "POST with each invalid value answers 400 with messages under the field's name"
RETRIEVES = "GET /api/products/<id>/ answers 200; unknown ids answer 404 with a JSON detail"
REPLACES_UPDATES = "PUT replaces, PATCH changes only the fields sent; invalid bodies change nothing"
DELETES = "DELETE answers 204 with an empty body; the product is gone; ids are never reused"
ERRORS_AS_JSON = "other methods answer 405 with an Allow header, a body that is not JSON 400, always as JSON"
FRESH = "each create_app() call returns a new app with its own, empty store"


def _cells(target: str, points: dict[str, float]) -> tuple[GradedCell, ...]:
    """The contract-graded cells of one framework, with their points."""
    cells = [
        GradedCell("check_list_create", points["check_list_create"], LIST_CREATE, target, (LIST, CREATE)),
        GradedCell("check_validation", points["check_validation"], VALIDATES, target, (VALIDATION,)),
        GradedCell("check_retrieve", points["check_retrieve"], RETRIEVES, target, (RETRIEVE, NOT_FOUND)),
        GradedCell("check_replace_update", points["check_replace_update"], REPLACES_UPDATES, target,
                   (REPLACE, UPDATE)),
        GradedCell("check_delete", points["check_delete"], DELETES, target, (DELETE,)),
        GradedCell("check_errors", points["check_errors"], ERRORS_AS_JSON, target, (ERRORS,)),
    ]
    if "check_fresh_stores" in points:
        cells.append(GradedCell("check_fresh_stores", points["check_fresh_stores"], FRESH, target, (FRESH_STORES,)))
    return tuple(cells)


# --- in the notebook: a test cell serves the answer in the kernel ------------------------------

class FlaskCell(CellChecks):
    """A test cell of 01-flask-api, run in the learner's kernel."""

    def __init__(self, grade_id: str):
        super().__init__(FLASK_API, grade_id)

    def check(self, create_app, *, other_values: bool = False) -> None:
        """Serve a fresh ``create_app()`` and run this cell's checks on it."""
        from apilab.contract.checks import check_fresh_stores, fresh_stores_report, run_checks
        from apilab.serving.servers import serve

        with kept_aside(self.notes):
            if FRESH_STORES in self.cell.groups:
                try:
                    self.add(check_fresh_stores(create_app).results)
                except TypeError as error:
                    self.add(fresh_stores_report(problem=str(error)).results)
                return
            try:
                server = serve(create_app(), name=GRADED_SERVER)
            except Exception as error:  # the learner's create_app() failed: its checks fail, the cell goes on
                self.add(unserved(self.cell, f"the app could not be served: {type(error).__name__}: {error}"))
                return
            self.add(run_checks(server.url, groups=self.cell.groups, other_values=other_values).results)


class DjangoCell(CellChecks):
    """A test cell of 02-drf-api, run in the learner's kernel."""

    def __init__(self, grade_id: str):
        super().__init__(DRF_API, grade_id)

    def check(self, urlpatterns: Any, *, other_values: bool = False) -> None:
        """Serve ``urlpatterns`` over an emptied Product table and run this cell's checks on them."""
        from apilab.contract.checks import run_checks
        from apilab.django_project.setup import serve_django

        with kept_aside(self.notes):
            try:
                server = serve_django(urlpatterns, name=GRADED_SERVER, empty_products=True)
            except Exception as error:
                self.add(unserved(self.cell, f"the app could not be served: {type(error).__name__}: {error}"))
                return
            self.add(run_checks(server.url, groups=self.cell.groups, other_values=other_values).results)


def check_names(groups: tuple[str, ...]) -> list[tuple[str, str]]:
    """The (group, check) of every contract check of ``groups``, in the order they run."""
    from apilab.contract.checks import FRESH_STORE_CHECKS
    from apilab.contract.crud_checks import CRUD_CHECKS

    names = [(check.group, check.name) for check in CRUD_CHECKS if check.group in groups]
    if FRESH_STORES in groups:
        names += [(FRESH_STORES, name) for name in FRESH_STORE_CHECKS]
    return names


def unserved(cell: GradedCell, reason: str) -> list[CheckResult]:
    """Every check of ``cell`` failed with ``reason`` (the app was not served)."""
    return cell.failed(check_names(cell.groups), reason)


# --- in the verification process: the learner's code serves, on request -----------------------

def create_app_of(answer):
    """The ``create_app`` the answer cells defined."""
    create_app = answer.namespace.get("create_app")
    if not callable(create_app):
        raise NameError("create_app is not defined by the answer cells")
    return create_app


def serve_create_app(answer) -> dict:
    """Serve a fresh ``create_app()``."""
    return answer.serve_app(create_app_of(answer)())


def serve_two(answer) -> dict:
    """Serve the apps of two ``create_app()`` calls; say whether they are one object."""
    create_app = create_app_of(answer)
    return answer.serve_pair([create_app(), create_app()], "create_app()")


def serve_urlpatterns(answer) -> dict:
    """Serve the answer's ``urlpatterns`` over an emptied Product table."""
    from apilab.django_project.setup import django_app

    if "urlpatterns" not in answer.namespace:
        raise NameError("urlpatterns is not defined by the answer cells")
    return answer.serve_app(django_app(answer.namespace["urlpatterns"], empty_products=True))


# --- in the grader: the same checks, from outside ------------------------------------------------

def checked_from_outside(runner, cell: GradedCell) -> list[CheckResult]:
    """Run one cell's checks (visible, then hidden with other values) on apps the runner serves."""
    from apilab.contract.checks import fresh_stores_report, run_checks

    results = []
    if FRESH_STORES in cell.groups:
        for _ in range(2):
            reply = runner.ask("serve_two")
            results += fresh_stores_report(reply.get("urls"), bool(reply.get("same")),
                                           problem=reply.get("error", "")).results
        return results
    for other_values in (False, True):
        reply = runner.ask("serve")
        if "url" in reply:
            results += run_checks(reply["url"], groups=cell.groups, other_values=other_values).results
        else:
            results += unserved(cell, "checked from outside, your app could not be served: "
                                      f"{reply.get('error', 'no reason')}")
    return results


def decide(exercise: Exercise, runner, problem: str) -> Iterator[tuple[str, list[CheckResult]]]:
    """Every cell's checks from outside; every check fails, saying why, when the answer did not run."""
    for cell in exercise.cells:
        if problem:
            yield cell.grade_id, unserved(cell, f"checked from outside: {problem}") * 2
        else:
            yield cell.grade_id, checked_from_outside(runner, cell)


FLASK_API = Exercise(
    assignment="01-flask-api",
    builds="the Products API in Flask: `create_app()`, a new app with its own store each call",
    released_after="03-Flask-The-Lightweight-Choice.ipynb",
    cells=_cells("flask", {"check_list_create": 4, "check_validation": 4, "check_retrieve": 3,
                           "check_replace_update": 4, "check_delete": 2, "check_errors": 1,
                           "check_fresh_stores": 2}),
    decide=lambda runner, problem: decide(FLASK_API, runner, problem),
    ops={"serve": serve_create_app, "serve_two": serve_two},
)

DRF_API = Exercise(
    assignment="02-drf-api",
    builds="the same API with Django REST Framework: serializer, views, `urlpatterns`",
    released_after="04-Django-And-DRF.ipynb",
    cells=_cells("django", {"check_list_create": 4, "check_validation": 4, "check_retrieve": 3,
                            "check_replace_update": 4, "check_delete": 3, "check_errors": 2}),
    decide=lambda runner, problem: decide(DRF_API, runner, problem),
    ops={"serve": serve_urlpatterns},
)
