"""The feedback's test cells: a cell that had hidden tests keeps its causes and points, not the details."""

from __future__ import annotations

import logging

import nbformat
from traitlets.config import Config

from apilab.grading.feedback_cells import ClearHiddenTestsAndDetails

SOURCE = ("# contract: the API keeps the contract\n_cell.check(create_app)\n### BEGIN HIDDEN TESTS\n"
          "_cell.check(create_app, other_values=True)\n### END HIDDEN TESTS\n_cell.points()")
PRINTED = ("contract: 5 of 6 checks passed, 1.67 of 2 points\n"
           "  ✗ POST /api/products/ answered 200; the contract says 201 (1 check)\n"
           "    | POST /api/products/ with {\"name\": \"Hidden value\"}: expected 201, got 200\n")


def _cell(source: str, printed: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "contract", "points": 2, "solution": False,
                                 "locked": True}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed),
                    nbformat.v4.new_output("error", ename="AssertionError", evalue="3 checks failed",
                                           traceback=["Traceback", "  File hidden.py", "AssertionError"])]
    return cell


def _clear(cell):
    notebook = nbformat.v4.new_notebook(cells=[cell])
    return ClearHiddenTestsAndDetails().preprocess(notebook, {})[0].cells[0]


def test_a_cell_with_hidden_tests_keeps_its_causes_and_loses_the_details():
    cell = _clear(_cell(SOURCE, PRINTED))
    assert "other_values" not in cell.source
    stream, error = cell.outputs
    assert stream.text == PRINTED.rsplit("    | ", 1)[0]
    assert "Hidden value" not in stream.text and "answered 200; the contract says 201" in stream.text
    assert (error.ename, error.evalue, error.traceback) == ("AssertionError", "3 checks failed", [])


def test_a_cell_without_hidden_tests_keeps_every_line():
    cell = _clear(_cell("# contract: the API keeps the contract\n_cell.check(create_app)\n_cell.points()", PRINTED))
    assert cell.outputs[0].text == PRINTED and cell.outputs[1].traceback


def test_the_html_exporters_configuration_raises_no_warning(caplog):
    config = Config({"NbConvertBase": {"display_data_priority": ["text/html", "text/plain"]}})
    with caplog.at_level(logging.WARNING):
        ClearHiddenTestsAndDetails(config=config)
    assert not [record for record in caplog.records if "not recognized" in record.getMessage()]
