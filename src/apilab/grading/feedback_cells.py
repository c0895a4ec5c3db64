"""The feedback's test cells: hidden tests gone from their source and from what the cell printed.

nbgrader's ``ClearHiddenTests`` removes the hidden tests' lines from a test
cell's source, but the cell's outputs still show what the cell did while they
ran: a failure's full request holds the hidden names and values, and code of
the learner's can print anything there (an IPython hook printing the cell's
own source, a formatter that shows the points as text of its choosing). So a
cell that had hidden tests shows one line written here instead of its outputs:
its points, as the gradebook holds them (``GetGrades`` runs first). Cells
without hidden tests keep their outputs.

It also takes ``display_data_priority`` as configuration, as the rest of
nbconvert does: nbgrader's preprocessors declare it without, so every feedback
run warned "Config option `display_data_priority` not recognized".
"""

from __future__ import annotations

import nbformat
from nbgrader.preprocessors import ClearHiddenTests
from traitlets import List


def _points(value) -> str:
    return "?" if value is None else f"{round(float(value), 2):g}"


def verified_line(cell) -> str:
    """What a cell that had hidden tests shows in the feedback: its points and where its checks are."""
    meta = cell.metadata.get("nbgrader", {})
    return (f"{meta.get('grade_id', 'this cell')}: {_points(meta.get('score'))} of {_points(meta.get('points'))} "
            f"points, with the hidden tests, checked from outside your notebook. What the hidden tests sent and "
            f"printed is not shown; run the notebook (or Validate) to see the visible tests' results.\n")


class ClearHiddenTestsAndOutputs(ClearHiddenTests):
    """nbgrader's ClearHiddenTests, which also replaces the outputs of a cell that had hidden tests."""

    display_data_priority = List(["text/html", "application/pdf", "text/latex", "image/svg+xml", "image/png",
                                  "image/jpeg", "text/plain"]).tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        had_hidden = cell.cell_type == "code" and self.begin_test_delimeter in cell.source
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if had_hidden:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=verified_line(cell))]
        return cell, resources
