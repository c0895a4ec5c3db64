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
    SIDE_CONNECTION,
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
    assert len(flask) == 2 and "GET /api/products/?page_size=5: 7 SQL queries for 5 products" in flask[0]
    assert "page_size=50: 52 SQL queries" in flask[1]
    assert 'this one repeats: SELECT reviews.id' in flask[1]


def test_switching_python_s_trace_off_in_the_answer_changes_nothing_outside(tmp_path):
    """The answer turns SQLite's trace callback off on its connection: the grader counts below Python."""
    verification = verified(tmp_path, flask_create_app=UNTRACED_FLASK)
    assert verification.problems == []
    assert verification.points["flask_query_budget"] == 0
    assert verification.points["flask_pages"] == 2
    assert "page_size=5: 7 SQL queries" in failures(verification, "flask_query_budget")[0]


def test_a_connection_made_without_sqlite3_connect_is_counted_all_the_same(tmp_path):
    verification = verified(tmp_path, flask_create_app=SIDE_CONNECTION)
    assert verification.problems == []
    assert verification.points["flask_query_budget"] == 0 and verification.points["flask_reviews"] == 2
    assert "page_size=50: 52 SQL queries" in failures(verification, "flask_query_budget")[1]


def test_an_answer_that_hides_the_counter_s_pipe_ends_its_own_process(tmp_path):
    """The pipe's descriptor pointed at /dev/null for a moment: the counter ends the process at the next query."""
    hides = FLASK_N_PLUS_ONE.replace(
        '        pages = db.paginate(', '        import os\n'
        '        os.dup2(os.open(os.devnull, os.O_WRONLY), int(os.environ["APILAB_QUERY_LOG_FD"]))\n'
        '        pages = db.paginate(', 1)
    verification = verified(tmp_path, flask_create_app=hides)
    assert verification.points["flask_query_budget"] == 0 and verification.points["flask_pages"] == 0
    assert verification.points["django_pages"] == 0  # the process is gone: what it served is gone with it
    assert any("ended" in message for message in failures(verification, "flask_query_budget"))


def test_without_a_c_compiler_the_count_falls_back_on_python_and_says_so(tmp_path, monkeypatch):
    from apilab.grading import query_shim

    monkeypatch.setattr(query_shim, "_built", (None, "no C compiler (cc) to build the query counter"))
    verification = verified(tmp_path, flask_create_app=FLASK_N_PLUS_ONE)
    assert verification.points["flask_query_budget"] == 0 and verification.points["django_query_budget"] == 2
    assert verification.problems == ["the SQL queries were counted in the answer's own process, which its code "
                                     "could get around (no C compiler (cc) to build the query counter)"]
