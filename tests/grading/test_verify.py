"""Verification from outside: the learner's answer served by a process of its own, checked by the grader."""

from __future__ import annotations

import nbformat
import pytest
from grading_support import REPO_ROOT

from apilab.contract.graded_cells import EXERCISE_CELLS
from apilab.grading.verify import verify_notebook

EMPTY_APP = '''
from flask import Flask

def create_app():
    return Flask(__name__)
'''

# The answer, and a trick that only works inside the notebook's own kernel.
CHEAT = '''
from apilab.contract import graded_cells
graded_cells.earned = lambda results, points: points
'''


def notebook_with(tmp_path, assignment, answer=None):
    """The solution notebook of ``assignment``, its answer cell replaced by ``answer`` when given."""
    notebook = nbformat.read(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    if answer is not None:
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = answer
    path = tmp_path / f"{assignment}.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize("assignment", sorted(EXERCISE_CELLS))
def test_the_solution_earns_every_point(tmp_path, assignment):
    path = notebook_with(tmp_path, assignment)
    verification = verify_notebook(assignment, path, REPO_ROOT / "solutions" / assignment, [str(tmp_path)])
    assert verification.problems == []
    assert verification.points == verification.possible
    assert sum(verification.possible.values()) == 20
    assert verification.checks and all(check["passed"] for check in verification.checks)


def test_a_trick_inside_the_kernel_changes_nothing_outside(tmp_path):
    path = notebook_with(tmp_path, "01-flask-api", EMPTY_APP + CHEAT)
    verification = verify_notebook("01-flask-api", path, REPO_ROOT / "solutions" / "01-flask-api", [str(tmp_path)])
    assert sum(verification.points.values()) < 2, verification.points
    failed = [check for check in verification.checks if not check["passed"]]
    assert failed and "404" in failed[0]["message"]


def test_an_answer_that_does_not_run_is_said_so(tmp_path):
    path = notebook_with(tmp_path, "01-flask-api", "raise NotImplementedError()")
    verification = verify_notebook("01-flask-api", path, REPO_ROOT / "solutions" / "01-flask-api", [str(tmp_path)])
    assert sum(verification.points.values()) == 0
    assert any("NotImplementedError" in problem for problem in verification.problems)
    assert any("create_app is not defined" in check["message"] for check in verification.checks)


def test_other_assignments_are_not_verified(tmp_path):
    assert verify_notebook("03-scaling", tmp_path / "x.ipynb", tmp_path, []) is None
