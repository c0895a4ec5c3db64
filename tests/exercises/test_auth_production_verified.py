"""Exercise 4 verified from outside: token cells checked on the served answer, settings in the sandbox."""

from __future__ import annotations

import pytest
from grading_support import REPO_ROOT, solution_with
from sample_answers.auth_cheats import REBIND_CONTRACT, REBIND_DEPLOY_HELPERS
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

from apilab.exercises import auth_production
from apilab.grading.verify import verify_notebook

# Each test starts the verification process (and the grader's checks) for real: more than a unit test's minute.
pytestmark = pytest.mark.timeout(300)

ASSIGNMENT = "04-auth-production"
RELEASED = REPO_ROOT / "solutions" / ASSIGNMENT


def submitted(tmp_path, answers):
    """The solution notebook with ``answers`` ({grade_id: source}) in its answer cells."""
    return solution_with(tmp_path, ASSIGNMENT, answers)


def test_exercise_4s_verification_process_answers_its_ops():
    ops = auth_production.AUTH_PRODUCTION.ops
    assert {"serve", "serve_tokens", "serve_two_tokens", "make_tokens", "delete_token", "settings_file"} == set(ops)


def test_a_correct_answer_earns_every_point_from_outside(tmp_path):
    verification = verify_notebook(ASSIGNMENT, submitted(tmp_path, AUTH_PRODUCTION), RELEASED)
    assert verification.problems == []
    assert verification.points == verification.possible and sum(verification.possible.values()) == 16
    assert {check["cell"] for check in verification.checks} == set(verification.possible)
    assert all(check["passed"] for check in verification.checks)


def test_tricks_inside_the_kernel_change_nothing_outside(tmp_path):
    """No Flask authentication and the checks rebound; DEBUG on and the deployment helpers rebound."""
    unguarded = "from apilab.lessons.products_builds import create_flask_app\n\n\n" \
                "def create_app(tokens):\n    return create_flask_app()\n"
    answers = {**AUTH_PRODUCTION, "flask_create_app": unguarded + REBIND_CONTRACT + REBIND_DEPLOY_HELPERS,
               "production_settings": PRODUCTION_SETTINGS.replace("DEBUG = False", "DEBUG = True")}
    verification = verify_notebook(ASSIGNMENT, submitted(tmp_path, answers), RELEASED)
    assert verification.points["flask_auth_required"] == 0
    assert verification.points["deploy_check_others"] == 0
    assert sum(verification.points.values()) == 12
    failed = [check for check in verification.checks if not check["passed"] and check["cell"] == "deploy_check_others"]
    assert "security.W018" in failed[0]["message"]


def test_answers_that_do_not_run_fail_every_cell_with_a_reason(tmp_path):
    answers = {grade_id: "raise NotImplementedError()" for grade_id in AUTH_PRODUCTION}
    verification = verify_notebook(ASSIGNMENT, submitted(tmp_path, answers), RELEASED)
    assert sum(verification.points.values()) == 0
    assert any("NotImplementedError" in problem for problem in verification.problems)
    messages = {check["cell"]: check["message"] for check in verification.checks}
    assert "create_app is not defined" in messages["flask_auth_required"]
    assert "production_settings.py" in messages["deploy_check_https"]


def test_the_settings_are_written_where_the_answer_process_cannot_write(tmp_path):
    """The working copy is the answer process's to write (a link planted there must not redirect the file)."""
    from apilab.exercises.auth_production import settings_folder

    work, grader = tmp_path / "work", tmp_path / "grader"
    work.mkdir()
    grader.mkdir()
    (work / "settings").symlink_to(tmp_path)

    class Answer:
        workdir = work

        def ask(self, op, **params):
            assert op == "settings_file"
            return {"text": "DEBUG = False\n"}

    folder, problem = settings_folder(Answer(), grader)
    assert problem == "" and folder == grader / "settings" and not folder.is_symlink()
    assert (folder / "production_settings.py").read_text() == "DEBUG = False\n"
    assert not (tmp_path / "production_settings.py").exists()
