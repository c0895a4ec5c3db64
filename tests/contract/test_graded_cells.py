"""What the exercises' test cells run: points in proportion to checks passed, hints, notes, a summary."""

from __future__ import annotations

import warnings

import pytest
from reference_apps import flask_buggy, flask_products

from apilab.contract import graded_cells
from apilab.contract.report import CheckResult


def variant(name):
    return next(each for each in flask_buggy.VARIANTS if each.name == name)


def test_a_correct_app_earns_every_point(capsys):
    cell = graded_cells.GradedCell("01-flask-api", "check_validation")
    cell.check_flask(flask_products.create_app)
    cell.check_flask(flask_products.create_app, other_values=True)
    assert cell.points() == 4
    assert "0 of" not in capsys.readouterr().out


def test_one_wrong_rule_costs_only_its_checks(capsys):
    """A name of spaces accepted fails 2 of the validation cell's checks per run, not the whole cell."""
    cell = graded_cells.GradedCell("01-flask-api", "check_validation")
    cell.check_flask(flask_buggy.create_app_of(variant("whitespace_name_accepted")))
    passed = sum(result.passed for result in cell.results)
    assert 0 < passed < len(cell.results)
    score = cell.points()
    assert score == round(4 * passed / len(cell.results), 2)
    assert 3 < score < 4
    printed = capsys.readouterr().out
    assert "whitespace only" in printed and "expected 400" in printed


def test_hints_name_common_causes():
    assert "slash" in graded_cells.hint("[list] x: GET /api/products/ : expected 200; got 404 <!doctype html>")
    assert "AUTOINCREMENT" in graded_cells.hint("[delete] ids are never reused after a delete: ...")
    assert "recent_errors" in graded_cells.hint("[create] x: POST /api/products/ sent {}: expected 201; got 500 x")
    assert "inside create_app" in graded_cells.hint("[fresh_stores] x: expected []; (apps share a store: ...)")
    assert graded_cells.hint("[list] the list is ordered by id, ascending: ...") == ""


def test_warnings_from_the_app_are_a_note_not_stderr(capsys):
    def create_app():
        app = flask_products.create_app()

        @app.before_request
        def warn():
            warnings.warn("query.get() is legacy", DeprecationWarning)

        return app

    cell = graded_cells.GradedCell("01-flask-api", "check_delete")
    cell.check_flask(create_app)
    assert cell.points() == 2
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "Note (costs nothing)" in captured.out and "legacy" in captured.out


def test_an_app_that_cannot_be_made_fails_its_checks_without_raising():
    def create_app():
        raise RuntimeError("not written yet")

    cell = graded_cells.GradedCell("01-flask-api", "check_list_create")
    cell.check_flask(create_app)
    assert cell.results and not any(result.passed for result in cell.results)
    assert "not written yet" in cell.results[0].message
    assert cell.points() == 0


def test_summary_lists_every_cell_and_a_total():
    graded_cells._results.pop("02-drf-api", None)
    cell = graded_cells.GradedCell("02-drf-api", "check_errors")
    cell.results = [CheckResult("errors", "a", True), CheckResult("errors", "b", False)]
    table = graded_cells.summary("02-drf-api")
    assert list(table["test cell"]) == [*graded_cells.EXERCISE_CELLS["02-drf-api"], "total"]
    row = table[table["test cell"] == "check_errors"].iloc[0]
    assert (row["checks passed"], row["checks"], row["points"], row["of"]) == (1, 2, 1.0, 2)
    assert table.iloc[-1]["of"] == 20


def test_unknown_cells_are_refused():
    with pytest.raises(ValueError, match="no graded cell"):
        graded_cells.GradedCell("01-flask-api", "check_everything")
    with pytest.raises(ValueError, match="unknown exercise"):
        graded_cells.summary("05-nothing")


@pytest.mark.parametrize("assignment", sorted(graded_cells.EXERCISE_CELLS))
def test_the_table_matches_the_exercise_notebooks(assignment):
    """Every contract-graded test cell of the solution notebook is in EXERCISE_CELLS with its points."""
    from pathlib import Path

    import nbformat

    notebook = Path(__file__).resolve().parents[2] / "solutions" / assignment / f"{assignment}.ipynb"
    cells = {cell.metadata["nbgrader"]["grade_id"]: cell for cell in nbformat.read(notebook, as_version=4).cells
             if cell.metadata.get("nbgrader", {}).get("grade")}
    table = graded_cells.EXERCISE_CELLS[assignment]
    assert set(cells) == set(table)
    for grade_id, (_, _, points) in table.items():
        assert cells[grade_id].metadata["nbgrader"]["points"] == points
        assert f'GradedCell("{assignment}", "{grade_id}")' in cells[grade_id].source
