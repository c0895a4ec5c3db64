"""Exercise 6 (``06-api-features``): reviews, pages, filters and a query budget, in Flask and in DRF.

Both builds serve the same list of products, page by page with the count, with
filters, each product holding its reviews; a product's reviews have a URL of
their own to read and add to. Four test cells per framework (``checks``): pages
(2 points), filters (1) and reviews (2), each in proportion to the checks
passed, and the query budget (2), all or nothing. Every run serves the API over a catalogue the
checks chose: Flask's ``create_app(catalogue)`` stores it; for DRF the checks
store it in the course's Product and Review tables (``seed``) and serve the
learner's ``urlpatterns``.

The query budget is counted from the SQL statements themselves
(``query_count``), through any library: in the notebook by the kernel's own
counter, when graded by the grader, at its end of a pipe (``Runner.queries``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from apilab.contract.report import CheckResult
from apilab.exercises.api_features.checks import BUDGET, FILTERS, PAGES, REVIEWS, check_names, feature_results
from apilab.exercises.kernel import CellChecks, kept_aside
from apilab.exercises.products_api import create_app_of
from apilab.exercises.spec import Exercise, GradedCell

GRADED_SERVER = "graded-api"  # the name test cells serve the learner's app under; re-running replaces it
REVIEWS_APP = "apilab.django_project.reviews"

WHAT = {
    PAGES: (2, "the list comes in pages with the count; next and previous links; 404 past the last page"),
    FILTERS: (1, "?in_stock and ?price_cents__gte/__lte filter the list, with pages; a bad value answers 400"),
    REVIEWS: (2, "each product holds its reviews; GET and POST /api/products/<id>/reviews/, 400 and 404"),
    BUDGET: (2, "the list sends at most 4 SQL queries whatever the page size (counted, not read from the code)"),
}

# The budget is all or nothing: a cache filled by the first list (counted, over budget) would answer the second.
CELLS = tuple(GradedCell(f"{target}_{group}", points, checks, target, (group,), all_or_nothing=group == BUDGET)
              for target in ("flask", "django") for group, (points, checks) in WHAT.items())


def seed(catalogue: list[dict]) -> None:
    """Store ``catalogue`` in the course's Product and Review tables, in its order, instead of what they held."""
    from django.apps import apps

    if not apps.is_installed(REVIEWS_APP):
        raise RuntimeError("the reviews app is not installed: run the setup cell first")
    from apilab.django_project.reviews.models import Review
    from apilab.django_project.shop.models import Product

    Review.objects.all().delete()
    Product.objects.all().delete()
    for item in catalogue:
        product = Product.objects.create(name=item["name"], price_cents=item["price_cents"], in_stock=item["in_stock"])
        Review.objects.bulk_create(Review(product=product, **review) for review in item["reviews"])


def flask_app(create_app, catalogue: list[dict]):
    """``create_app(catalogue)``, given a copy of the catalogue; TypeError unless it returns an app."""
    app = create_app(copy.deepcopy(catalogue))
    if not callable(app):
        raise TypeError(f"create_app(catalogue) returned {type(app).__name__}, not a Flask app")
    return app


# --- in the notebook ---------------------------------------------------------------------------

class KernelFlask:
    """The notebook's own ``create_app(catalogue)``, served in the kernel."""

    framework = "flask"

    def __init__(self, create_app: Any):
        self.create_app = create_app

    def serve(self, catalogue: list[dict]) -> str:
        from apilab.serving.servers import serve

        if not callable(self.create_app):
            raise NameError("create_app is not defined by the answer cells")
        return serve(flask_app(self.create_app, catalogue), name=GRADED_SERVER).url

    def queries(self) -> int:
        from apilab.exercises.api_features.query_count import KERNEL_COUNT

        return KERNEL_COUNT.queries()

    def recent(self) -> list[str]:
        from apilab.exercises.api_features.query_count import KERNEL_COUNT

        return list(KERNEL_COUNT.last)


class KernelDjango(KernelFlask):
    """The notebook's own ``urlpatterns``, served in the kernel over the catalogue."""

    framework = "django"

    def __init__(self, urlpatterns: Any):
        self.urlpatterns = urlpatterns

    def serve(self, catalogue: list[dict]) -> str:
        from apilab.django_project.setup import serve_django

        if self.urlpatterns is None:
            raise NameError("urlpatterns is not defined by the answer cells")
        seed(catalogue)
        return serve_django(self.urlpatterns, name=GRADED_SERVER).url


class FeaturesCell(CellChecks):
    """A test cell of exercise 6, run in the learner's kernel."""

    def __init__(self, grade_id: str):
        super().__init__(API_FEATURES, grade_id)

    def check(self, answer: Any, *, other_values: bool = False) -> None:
        """Serve ``answer`` (Flask: ``create_app``; Django: ``urlpatterns``) and run this cell's checks on it."""
        target = KernelFlask(answer) if self.cell.target == "flask" else KernelDjango(answer)
        with kept_aside(self.notes):
            self.add(feature_results(target, self.cell.groups, other_values))


# --- in the verification process ---------------------------------------------------------------

def serve_flask(answer, catalogue: list[dict]) -> dict:
    """Serve ``create_app(catalogue)``."""
    return answer.serve_app(flask_app(create_app_of(answer), catalogue))


def serve_django(answer, catalogue: list[dict]) -> dict:
    """Store ``catalogue`` and serve the answer's ``urlpatterns`` over it."""
    from apilab.django_project.setup import django_app

    if "urlpatterns" not in answer.namespace:
        raise NameError("urlpatterns is not defined by the answer cells")
    seed(catalogue)
    return answer.serve_app(django_app(answer.namespace["urlpatterns"]))


# --- in the grader -----------------------------------------------------------------------------

class NotServed(RuntimeError):
    """The verification process could not serve the answer."""


class RunnerTarget:
    """The verification process as a ``Target``: it serves the answer; the grader checks it and counts its
    queries at its own end of the statements' pipe."""

    def __init__(self, runner, framework: str):
        self.runner = runner
        self.framework = framework

    def serve(self, catalogue: list[dict]) -> str:
        reply = self.runner.ask(f"serve_{self.framework}", catalogue=catalogue)
        if "url" not in reply:
            raise NotServed(f"checked from outside: {reply.get('error', 'no reason given')}")
        return reply["url"]

    def queries(self) -> int:
        return self.runner.queries()

    def recent(self) -> list[str]:
        return self.runner.recent_statements()


def decide(runner, problem: str) -> Iterator[tuple[str, list[CheckResult]]]:
    """Every cell's checks from outside, visible and hidden; every check fails, saying why, when the answer
    did not run."""
    for cell in CELLS:
        if problem:
            yield cell.grade_id, cell.failed(check_names(cell.groups), f"checked from outside: {problem}")
            continue
        target = RunnerTarget(runner, cell.target)
        yield cell.grade_id, [*feature_results(target, cell.groups), *feature_results(target, cell.groups, True)]


API_FEATURES = Exercise(
    assignment="06-api-features",
    builds="reviews, pages with the count, filters and a query budget, in both frameworks",
    released_after="09-Real-API-Features.ipynb",
    cells=CELLS,
    decide=decide,
    ops={"serve_flask": serve_flask, "serve_django": serve_django},
    counts_queries=True,
)
