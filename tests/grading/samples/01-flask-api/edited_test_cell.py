"""Adversarial: a wrong answer (POST answers 200), and the test cell that catches it edited to pass."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = "adversarial: read-only test cell check_list_create replaced by `pass` (restored at grading)"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "read-only cell check_list_create was edited"

ANSWERS = {"create_app": with_edit(FLASK_API, old="return jsonify(product), 201", new="return jsonify(product)")}


def edit(nb):
    """Replace the source of the test cell that would fail."""
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "check_list_create":
            cell.source = "# looks fine to me\npass"
