"""Exercises 1 and 2 in the notebook: test cells run contract checks in the kernel, in proportion to checks passed."""

from __future__ import annotations

import warnings

import pytest
from reference_apps import flask_buggy, flask_products

from apilab import exercises
from apilab.contract.report import CheckResult
from apilab.exercises import kernel, products_api


def variant(name):
    return next(each for each in flask_buggy.VARIANTS if each.name == name)


def test_a_correct_app_earns_every_point(capsys):
    cell = products_api.FlaskCell("check_validation")
    cell.check(flask_products.create_app)
    cell.check(flask_products.create_app, other_values=True)
    assert cell.points() == 4
    assert "0 of" not in capsys.readouterr().out


def test_one_wrong_rule_costs_only_its_checks(capsys):
    """A name of spaces accepted fails 2 of the validation cell's checks per run, not the whole cell."""
    cell = products_api.FlaskCell("check_validation")
    cell.check(flask_buggy.create_app_of(variant("whitespace_name_accepted")))
    passed = sum(result.passed for result in cell.results)
    assert 0 < passed < len(cell.results)
    score = cell.points()
    assert score == round(4 * passed / len(cell.results), 2)
    assert 3 < score < 4
    printed = capsys.readouterr().out
    assert "whitespace only" in printed and "expected 400" in printed


def test_warnings_from_the_app_are_a_note_not_stderr(capsys):
    def create_app():
        app = flask_products.create_app()

        @app.before_request
        def warn():
            warnings.warn("query.get() is legacy", DeprecationWarning, stacklevel=1)

        return app

    cell = products_api.FlaskCell("check_delete")
    cell.check(create_app)
    assert cell.points() == 2
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "Note (costs nothing)" in captured.out and "legacy" in captured.out


def test_an_app_that_cannot_be_made_fails_its_checks_without_raising():
    def create_app():
        raise RuntimeError("not written yet")

    cell = products_api.FlaskCell("check_list_create")
    cell.check(create_app)
    assert cell.results and not any(result.passed for result in cell.results)
    assert "not written yet" in cell.results[0].message
    assert cell.points() == 0


def test_summary_lists_every_cell_and_a_total():
    kernel._recorded.pop("02-drf-api", None)
    cell = products_api.DjangoCell("check_errors")
    cell.results = [CheckResult("errors", "a", True), CheckResult("errors", "b", False)]
    table = exercises.summary("02-drf-api")
    assert list(table["test cell"]) == [cell.grade_id for cell in products_api.DRF_API.cells] + ["total"]
    row = table[table["test cell"] == "check_errors"].iloc[0]
    assert (row["checks passed"], row["checks"], row["points"], row["of"]) == (1, 2, 1.0, 2)
    assert table.iloc[-1]["of"] == 20


def test_unknown_cells_are_refused():
    with pytest.raises(ValueError, match="no graded cell"):
        products_api.FlaskCell("check_everything")
    with pytest.raises(ValueError, match="unknown exercise"):
        exercises.summary("05-nothing")
