"""Exercise 3 verified from outside: the apps, results and fig the learner's cells made, checked by the grader."""

from __future__ import annotations

import nbformat
import pytest
from grading_support import REPO_ROOT, solution_with
from sample_answers.scaling import SCALING, TYPED_TABLE

from apilab.exercises.scaling import CELLS, cell_problems
from apilab.grading.verify import verify_notebook

# Each test starts the verification process (and the grader's checks) for real: more than a unit test's minute.
pytestmark = pytest.mark.timeout(300)

CELL_POINTS = {cell.grade_id: float(cell.points) for cell in CELLS}

ASSIGNMENT = "03-scaling"
RELEASED = REPO_ROOT / "solutions" / ASSIGNMENT


# Tricks that only work inside the notebook's own kernel: the checks the test cells import, made to pass.
CHEAT = '''
from apilab.exercises import scaling
scaling.measured_problem_here = lambda *args, **kwargs: ""
scaling.results_table_problem = scaling.results_numbers_problem = lambda *args, **kwargs: ""
get_ipython().set_custom_exc((AssertionError,), lambda *args, **kwargs: None)
'''


def notebook_with(tmp_path, answers: dict):
    """The solution notebook with some answer cells replaced: its path."""
    return solution_with(tmp_path, ASSIGNMENT, answers)


def verify(tmp_path, answers: dict):
    return verify_notebook(ASSIGNMENT, notebook_with(tmp_path, answers), RELEASED)


def failed(verification) -> list[dict]:
    return [check for check in verification.checks if not check["passed"]]


def test_the_solution_earns_every_point_from_outside(tmp_path):
    verification = verify(tmp_path, {})
    assert verification.problems == []
    assert failed(verification) == []
    assert verification.points == verification.possible == CELL_POINTS
    assert sum(verification.possible.values()) == 9


def test_a_typed_table_loses_the_measured_points_whatever_the_kernel_was_told(tmp_path):
    verification = verify(tmp_path, {**SCALING, "measure": TYPED_TABLE + CHEAT})
    assert verification.points == {**CELL_POINTS, "results_table": 0.0, "results_numbers": 0.0}
    messages = [check["message"] for check in failed(verification)]
    assert len(messages) == 2 and all("run again against apps that answer each request after" in m
                                      and "Django at concurrency 2: p50_ms 0.4 in that run" in m
                                      for m in messages), messages


def test_a_helper_in_a_cell_the_learner_added_runs_too(tmp_path):
    """The plot made by a function defined in a code cell of the learner's own, above the plot cell."""
    notebook = nbformat.read(RELEASED / f"{ASSIGNMENT}.ipynb", as_version=4)
    plot = next(cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade_id") == "plot")
    helper = "def throughput_figure(table):\n" + "".join(f"    {line}\n" for line in plot.source.splitlines()
                                                         if "SOLUTION" not in line) + "    return fig\n"
    plot.source = "fig = throughput_figure(results)"
    notebook.cells.insert(notebook.cells.index(plot), nbformat.v4.new_code_cell(helper.replace("results", "table")))
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    nbformat.write(notebook, path)
    verification = verify_notebook(ASSIGNMENT, path, RELEASED)
    assert failed(verification) == []
    assert verification.points == CELL_POINTS


def test_nothing_run_earns_nothing_and_says_why(tmp_path):
    nothing = {"flask_app_file": "raise NotImplementedError()", "measure": "pass", "plot": "pass"}
    verification = verify(tmp_path, nothing)
    assert sum(verification.points.values()) == 0
    assert any("NotImplementedError" in problem for problem in verification.problems)
    messages = {check["cell"]: check["message"] for check in failed(verification)}
    assert "no variable named results" in messages["results_table"]
    assert "no variable named fig" in messages["fig_axes_labelled"]
    assert "scaling_flask:app should start under waitress" in messages["same_endpoint_in_both"]


@pytest.mark.parametrize("exported", [{}, {"results": [1, 2], "figure": "x"},
                                      {"results": {"columns": ["framework"], "rows": [["Flask", 2]]},
                                       "figure": {"axes": [{"lines": 3}]}}])
def test_data_the_grader_cannot_read_fails_every_cell_without_a_crash(exported):
    decided = cell_problems(exported, {"endpoints": {}, "measured": {}})
    assert set(decided) == set(CELL_POINTS)
    assert all(any(problem for _, _, problem in checks) for checks in decided.values())
