"""The feedback's test cells: hidden tests gone from their source and from what they printed.

nbgrader's ``ClearHiddenTests`` removes the hidden tests' lines from a test
cell's source, but the cell's outputs still show what those tests did: a
failure's full request and response holds the hidden names and values. This
subclass also drops, from the outputs of a cell that had hidden tests, the
lines that show a failure in full (``apilab.exercises.kernel.DETAIL``) and the
traceback of an error (its name and message stay): the learner keeps each
cause's one line and the points, not the hidden inputs.

It also takes ``display_data_priority`` as configuration, as the rest of
nbconvert does: nbgrader's preprocessors declare it without, so every feedback
run warned "Config option `display_data_priority` not recognized".
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests
from traitlets import List

from apilab.exercises.kernel import DETAIL


def _without_details(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(DETAIL))


class ClearHiddenTestsAndDetails(ClearHiddenTests):
    """nbgrader's ClearHiddenTests, which also clears the details a hidden test printed."""

    display_data_priority = List(["text/html", "application/pdf", "text/latex", "image/svg+xml", "image/png",
                                  "image/jpeg", "text/plain"]).tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        had_hidden = cell.cell_type == "code" and self.begin_test_delimeter in cell.source
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if had_hidden:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream":
                    output["text"] = _without_details(output.get("text", ""))
                elif output.get("output_type") == "error":
                    output["traceback"] = []
                elif "text/plain" in output.get("data", {}):
                    output["data"]["text/plain"] = _without_details(output["data"]["text/plain"])
        return cell, resources
