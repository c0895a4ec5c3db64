"""The feedback page's table of contents names each test cell by what it checks, not "Test cell".

nbgrader's feedback template lists every graded cell at the top of the page, a
test cell as "Test cell (Score: 3 / 4)". ``FeedbackExporter`` is nbconvert's
HTMLExporter with nbgrader's template, which then puts in each test cell's
entry its own first line as the course writes it, "check_list_create: GET
/api/products/ lists products in id order; POST creates one with 201", without
the points (the entry shows those). The line comes from the instructor's copy of
the cell (autograde restores test cells from the gradebook) and is escaped.
"""

from __future__ import annotations

import html
import re

from nbconvert.exporters import HTMLExporter

FIRST_LINE = re.compile(r"#\s*(?P<what>[^\n]*?)\s*(?:\((?:[^()]*\bpoints?\b[^()]*)\))?\s*$")
LONGEST = 110


def cell_label(cell) -> str | None:
    """What a test cell checks, from its first line ("grade_id: what it checks"); None if it says nothing."""
    first = cell.source.lstrip().split("\n", 1)[0]
    found = FIRST_LINE.fullmatch(first)
    if not found or not found["what"]:
        return None
    what = found["what"]
    return what if len(what) <= LONGEST else what[:LONGEST - 1].rstrip() + "…"


class FeedbackExporter(HTMLExporter):
    """HTMLExporter whose feedback page names test cells by what they check in its table of contents."""

    def from_notebook_node(self, nb, resources=None, **kw):
        output, resources = super().from_notebook_node(nb, resources, **kw)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if not (meta.get("grade") and not meta.get("solution") and meta.get("grade_id")):
                continue
            label = cell_label(cell)
            if label:
                anchor = f'<a href="#{meta["grade_id"]}">'
                output = output.replace(f"{anchor}Test cell</a>", f"{anchor}{html.escape(label)}</a>", 1)
        return output, resources
