"""Validate shows why a test cell earned only part of its points: the one-line failures it printed."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_output

from apilab.grading.validate import show_failures_in_validate


def graded_cell(points_shown: str, printed: str):
    cell = new_code_cell("_cell.points()")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "check_errors", "points": 2, "solution": False,
                                 "locked": True, "schema_version": 3}
    cell.outputs = [new_output("stream", name="stdout", text=printed),
                    new_output("execute_result", data={"text/plain": points_shown}, execution_count=1)]
    return cell


def test_a_partly_passed_cell_shows_its_failures():
    from nbgrader.validator import Validator

    show_failures_in_validate()
    show_failures_in_validate()  # twice changes nothing
    printed = "[errors] a 405 says Content-Type: ...: got 405 text/html\n"
    message = Validator()._extract_error(graded_cell("1.5", printed))
    assert message.splitlines()[0].startswith("Partial credit")
    assert message.count("a 405 says Content-Type") == 1


def test_a_cell_with_every_point_is_not_failed():
    from nbgrader.validator import Validator

    show_failures_in_validate()
    assert Validator()._extract_error(graded_cell("2.0", "check_errors: 12 of 12 checks passed\n")) == ""
