"""Exercise 6 verified from outside: the answer served by the verification process, its queries counted here."""

from __future__ import annotations

import pytest
from grading_support import REPO_ROOT, solution_with
from sample_answers.api_features import (
    API_FEATURES,
    DJANGO_FUNCTION_VIEWS,
    DJANGO_N_PLUS_ONE,
    FLASK_N_PLUS_ONE,
    FLASK_RAW_SQL,
    UNTRACED_FLASK,
)

from apilab.exercises import api_features
from apilab.grading.verify import verify_notebook

# Each test starts the verification process (and the grader's checks) for real: more than a unit test's minute.
pytestmark = pytest.mark.timeout(300)

ASSIGNMENT = "06-api-features"
RELEASED = REPO_ROOT / "solutions" / ASSIGNMENT
BUDGET_CELLS = ("flask_query_budget", "django_query_budget")


def verified(tmp_path, **answers):
    return verify_notebook(ASSIGNMENT, solution_with(tmp_path, ASSIGNMENT, {**API_FEATURES, **answers}), RELEASED)


def failures(verification, cell: str) -> list[str]:
    return [check["message"] for check in verification.checks if check["cell"] == cell and not check["passed"]]


def test_exercise_6_counts_the_queries_of_its_verification_process():
    assert api_features.API_FEATURES.counts_queries
    assert set(api_features.API_FEATURES.ops) == {"serve_flask", "serve_django"}


def test_a_correct_answer_earns_every_point_from_outside(tmp_path):
    verification = verified(tmp_path)
    assert verification.problems == []
    assert verification.points == verification.possible and sum(verification.possible.values()) == 14
    assert all(check["passed"] for check in verification.checks)


def test_other_styles_earn_every_point_from_outside(tmp_path):
    """sqlite3 with one LEFT JOIN for a page; DRF function views with a Prefetch and a paginator called by hand."""
    verification = verified(tmp_path, flask_create_app=FLASK_RAW_SQL, django_views=DJANGO_FUNCTION_VIEWS)
    assert verification.problems == []
    assert verification.points == verification.possible, [c for c in verification.checks if not c["passed"]]


def test_n_plus_one_costs_the_budget_cells_only_and_says_how_many_queries(tmp_path):
    verification = verified(tmp_path, flask_create_app=FLASK_N_PLUS_ONE, django_views=DJANGO_N_PLUS_ONE)
    assert {cell: verification.points[cell] for cell in BUDGET_CELLS} == {cell: 0.0 for cell in BUDGET_CELLS}
    assert sum(verification.points.values()) == 10
    flask = failures(verification, "flask_query_budget")
    assert len(flask) == 2 and "GET /api/products/?page_size=5: 7 SQL queries; the budget is 4" in flask[0]
    assert "page_size=50: 52 SQL queries" in flask[1]


def test_switching_the_count_off_in_the_answer_earns_nothing(tmp_path):
    """The answer turns tracing off on its connection before each request: the grader counts no query."""
    verification = verified(tmp_path, flask_create_app=UNTRACED_FLASK)
    assert verification.points["flask_query_budget"] == 0
    assert verification.points["flask_pages"] == 2
    assert all("no SQL query was counted" in message for message in failures(verification, "flask_query_budget"))
