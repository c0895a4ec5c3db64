"""Exercise 5 verified from outside: the suite run in the sandbox on builds the grader serves."""

from __future__ import annotations

import pytest
from grading_support import REPO_ROOT, solution_with
from sample_answers.api_tests import API_TESTS, WRITE_FILE

from apilab.grading.verify import verify_notebook

pytestmark = pytest.mark.timeout(300)

ASSIGNMENT = "05-api-tests"
RELEASED = REPO_ROOT / "exercises" / ASSIGNMENT
SOURCE = REPO_ROOT / "solutions" / ASSIGNMENT


def verified(tmp_path, answers, source=SOURCE):
    return verify_notebook(ASSIGNMENT, solution_with(tmp_path, ASSIGNMENT, answers), RELEASED, source)


def test_the_solutions_suite_catches_every_build_from_outside_in_the_sandbox(tmp_path):
    verification = verified(tmp_path, API_TESTS)
    assert verification.problems == [] and verification.sandboxed
    assert verification.points == verification.possible and sum(verification.possible.values()) == 10
    hidden = [check for check in verification.checks if check["cell"] == "catches_hidden_bugs"]
    assert len(hidden) == 3 and all(check["passed"] for check in hidden)


def test_without_the_instructors_copy_the_hidden_builds_are_not_run_and_it_says_so(tmp_path):
    verification = verified(tmp_path, API_TESTS, source=tmp_path / "nowhere")
    assert any("has no hidden_builds.py" in problem for problem in verification.problems)
    assert verification.points["catches_hidden_bugs"] == 0 and verification.points["catches_visible_bugs"] == 6


def test_a_suite_cannot_reach_the_graders_files_or_keep_anything_between_runs(tmp_path, monkeypatch):
    """Each run is a fresh sandbox: no course folder, no grader's home, nothing left from an earlier run."""
    suite = WRITE_FILE + f'''import os
from pathlib import Path

SEEN = Path("/tmp/seen")
EARLIER = SEEN.exists()
SEEN.write_text("x")


def test_nothing_leaks(api):
    assert api.get("/api/products/").status_code == 200
    assert not EARLIER
    assert not Path({str(REPO_ROOT / "solutions")!r}).exists()
    assert not Path({str(REPO_ROOT / "gradebook.db")!r}).exists()
    assert not Path({str(tmp_path / "grader-secret.txt")!r}).exists()
    assert "GRADER_SECRET" not in os.environ


def test_create(api):
    assert api.post("/api/products/", json={{"name": "Lamp", "price_cents": 1}}).status_code == 201
'''
    (tmp_path / "grader-secret.txt").write_text("secret")
    monkeypatch.setenv("GRADER_SECRET", "secret")
    verification = verified(tmp_path, {"suite": suite})
    # test_create catches a bug, so the first cell's checks say whether any test failed on a correct build.
    checks = [check for check in verification.checks if check["cell"] == "passes_on_correct_builds"]
    assert len(checks) == 4 and all(check["passed"] for check in checks), checks[0]["message"]


def test_a_suite_left_in_the_release_never_stands_in_for_the_learners(tmp_path):
    """An instructor who ran the solution in place has its suite beside it: neither nbgrader nor the grader take it."""
    import shutil

    from apilab.grading import load_course_config

    assert "test_products_api.py" in load_course_config(REPO_ROOT).CourseDirectory.ignore
    released = tmp_path / "released"
    shutil.copytree(RELEASED, released)
    (released / "test_products_api.py").write_text(API_TESTS["suite"].split("\n", 1)[1])
    passing = {"suite": WRITE_FILE + "def test_x(api):\n    assert True\n"}
    verification = verify_notebook(ASSIGNMENT, solution_with(tmp_path, ASSIGNMENT, passing), released, SOURCE)
    assert verification.problems == [] and sum(verification.points.values()) == 0
