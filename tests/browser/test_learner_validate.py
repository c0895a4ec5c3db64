"""A learner checks the Flask exercise with nbgrader's Validate button.

The released exercise gets an answer written into its answer cell (as a
learner's saved notebook would have it), is opened in JupyterLab, and
Validate is pressed: a correct answer gets nbgrader's success dialog; a
typical wrong one gets the failure dialog with the contract's readable
one-line message (method, path, what was expected, what came back).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from sample_answers.cheats import WRONG_FLASK_API
from sample_answers.flask_api import FLASK_API

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "01-flask-api"
SUCCESS_TEXT = "Success! Your notebook passes all the tests."
# A correct answer, and the typical wrong one: the same with creating a product answering 200, not 201.
CORRECT_ANSWER = FLASK_API
WRONG_STATUS_ANSWER = WRONG_FLASK_API
# The contract's one-line failure for a create that answers 200 instead of 201.
# The cause, said once for the checks it failed (not one 300-character line per check).
WRONG_STATUS_MESSAGE = re.compile(r"✗ POST /api/products/ answered 200; the contract says 201 \(\d+ checks\)")


def answer_cell(notebook):
    """The exercise's code answer cell where ``create_app`` is written."""
    answers = [cell for cell in notebook.cells
               if cell.cell_type == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("solution")]
    for_create_app = [cell for cell in answers if "create_app" in cell.source]
    if len(for_create_app) == 1:
        return for_create_app[0]
    if len(answers) == 1:
        return answers[0]
    raise AssertionError(f"cannot tell which of {len(answers)} answer cells takes create_app: "
                         f"{[cell.metadata.nbgrader.get('grade_id') for cell in answers]}")


def learner_copy(lab, folder: str, answer: str) -> str:
    """Copy the released exercise into ``folder`` with ``answer`` written in; return its notebook path."""
    released = lab.root / "exercises" / ASSIGNMENT
    assert (released / f"{ASSIGNMENT}.ipynb").is_file(), f"no released exercise at exercises/{ASSIGNMENT}"
    target = lab.root / folder / ASSIGNMENT
    shutil.copytree(released, target)
    notebook_path = target / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(notebook_path, as_version=4)
    answer_cell(notebook).source = answer
    nbformat.write(notebook, notebook_path)
    return f"{folder}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"


def test_validate_accepts_a_correct_flask_answer(ui, artifacts):
    """A correct create_app() gets nbgrader's success dialog."""
    ui.open_notebook(learner_copy(ui.lab, "learner-correct", CORRECT_ANSWER))
    dialog = ui.validate()
    message = dialog.locator("#validation-message")
    assert message.inner_text().strip() == SUCCESS_TEXT, message.inner_text()[-3000:]
    assert "nbgrader-SuccessDialog" in dialog.get_attribute("class")
    ui.page.screenshot(path=str(artifacts / "learner-validate-success.png"), animations="disabled")
    dialog.locator("button.jp-Dialog-button").click()
    dialog.wait_for(state="detached")


def test_validate_explains_a_wrong_flask_answer(ui, artifacts):
    """A create that answers 200 gets the failure dialog naming the cause in a short line, with no unrelated hint."""
    # A tall page, so the dialog holds the traceback's end and the failure lines at once.
    ui.page.set_viewport_size({"width": 1400, "height": 1300})
    ui.open_notebook(learner_copy(ui.lab, "learner-wrong", WRONG_STATUS_ANSWER))
    dialog = ui.validate()
    assert "nbgrader-ErrorDialog" in dialog.get_attribute("class")
    failed = dialog.locator("#validation-message.validation-failed")
    text = failed.inner_text()
    assert WRONG_STATUS_MESSAGE.search(text), f"no readable contract message in the dialog:\n{text[-3000:]}"
    assert "The following cell failed:" in text and "check_list_create" in text
    shown = text[text.index("Partial credit"):].splitlines()[1:]   # what the course adds to nbgrader's message
    assert 1 <= len(shown) <= 2 and all(len(line) <= 160 for line in shown), shown
    assert "hint" not in text, text[-1000:]
    # For the screenshot: wrap the long one-line messages (the dialog scrolls sideways otherwise).
    ui.page.add_style_tag(content=".nbgrader-ErrorDialog pre { white-space: pre-wrap; overflow-wrap: anywhere; }")
    ui.page.screenshot(path=str(artifacts / "learner-validate-failure.png"), animations="disabled")
    dialog.locator("button.jp-Dialog-button").click()
    dialog.wait_for(state="detached")
