"""The feedback's test cells: a cell that had hidden tests shows its points, nothing it printed."""

from __future__ import annotations

import logging

import nbformat
from traitlets.config import Config

from apilab.grading.feedback_cells import ClearHiddenTestsAndOutputs

SOURCE = ("# contract: the API keeps the contract\n_cell.check(create_app)\n### BEGIN HIDDEN TESTS\n"
          "_cell.check(create_app, other_values=True)\n### END HIDDEN TESTS\n_cell.points()")
PRINTED = ("contract: 5 of 6 checks passed, 1.67 of 2 points\n"
           "  ✗ POST /api/products/ answered 200; the contract says 201 (1 check)\n"
           "    | POST /api/products/ with {\"name\": \"Hidden value\"}: expected 201, got 200\n")


def _cell(source: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "contract", "points": 2, "score": 1.6666,
                                 "solution": False, "locked": True}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=PRINTED),
                    nbformat.v4.new_output("execute_result", data={"text/plain": "_cell.check(create_app, other"},
                                           execution_count=3),
                    nbformat.v4.new_output("error", ename="AssertionError", evalue="3 checks failed",
                                           traceback=["Traceback", "  File hidden.py", "AssertionError"])]
    return cell


def _clear(cell):
    notebook = nbformat.v4.new_notebook(cells=[cell])
    return ClearHiddenTestsAndOutputs().preprocess(notebook, {})[0].cells[0]


def test_a_cell_with_hidden_tests_shows_only_its_points_written_by_the_grader():
    cell = _clear(_cell(SOURCE))
    assert "other_values" not in cell.source
    [output] = cell.outputs
    assert output.text.startswith("contract: 1.67 of 2 points, with the hidden tests, checked from outside")
    assert "Hidden value" not in output.text and "other_values" not in output.text


def test_a_cell_without_hidden_tests_keeps_its_outputs():
    cell = _clear(_cell("# contract: the API keeps the contract\n_cell.check(create_app)\n_cell.points()"))
    assert [output.output_type for output in cell.outputs] == ["stream", "execute_result", "error"]
    assert cell.outputs[0].text == PRINTED and cell.outputs[2].traceback


def test_the_html_exporters_configuration_raises_no_warning(caplog):
    config = Config({"NbConvertBase": {"display_data_priority": ["text/html", "text/plain"]}})
    with caplog.at_level(logging.WARNING):
        ClearHiddenTestsAndOutputs(config=config)
    assert not [record for record in caplog.records if "not recognized" in record.getMessage()]


def test_a_test_cell_is_named_by_its_first_line_without_the_points():
    from apilab.grading.feedback_page import cell_label

    def label(source):
        return cell_label(nbformat.v4.new_code_cell(source))

    assert label("# check_delete: DELETE answers 204 (2 points, in proportion to the checks passed)\nx") == \
        "check_delete: DELETE answers 204"
    assert label("# fig_axes_labelled: a labelled x axis (1 point, all or nothing)") == \
        "fig_axes_labelled: a labelled x axis"
    assert label("_cell.check(create_app)") is None
    assert label("# " + "x" * 300).endswith("…") and len(label("# " + "x" * 300)) == 110
