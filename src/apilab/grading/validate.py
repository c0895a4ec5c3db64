"""Make nbgrader's Validate show why a test cell earned only part of its points.

nbgrader's Validate marks a test cell that shows fewer points than it is worth
as failed, but says only "Partial credit; passed some but not all of the tests".
The course's test cells print one short line per cause of failure (and a hint
when one matches) before their points, each failure in full on lines starting
"    |" below it; ``show_failures_in_validate()`` (called by the course's
``nbgrader_config.py``) adds the short lines to Validate's message, without the
full ones, so the dialog reads without scrolling sideways.
"""

from __future__ import annotations

PARTIAL = "Partial credit"
DETAIL = "    |"  # apilab.exercises.kernel.DETAIL: a failure shown in full, left out of Validate's message


def printed_text(cell) -> str:
    """What a cell printed on stdout, without the lines that show a failure in full."""
    text = "".join(output.get("text", "") for output in cell.get("outputs", [])
                   if output.get("output_type") == "stream" and output.get("name") == "stdout")
    return "\n".join(line for line in text.splitlines() if not line.startswith(DETAIL))


def show_failures_in_validate() -> None:
    """Wrap nbgrader's Validator so that a partly passed cell's message includes what the cell printed."""
    from nbgrader.validator import Validator

    original = Validator._extract_error
    if getattr(original, "shows_failures", False):
        return

    def extract_error(self, cell) -> str:
        text = original(self, cell)
        if PARTIAL in text and printed_text(cell).strip():
            text += "\n" + printed_text(cell).strip()
        return text

    extract_error.shows_failures = True
    Validator._extract_error = extract_error
