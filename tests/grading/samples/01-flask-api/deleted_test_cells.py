"""Adversarial: a wrong answer (no validation), and the two test cells that catch it deleted."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = "adversarial: test cells check_validation and check_replace_update deleted (restored at grading)"
EXPECTED_SCORE = 12.72
EXPECTED_FLAG = "was deleted"

ANSWERS = {
    "create_app": with_edit(
        FLASK_API,
        old='''    if not isinstance(data, dict):
        return {"non_field_errors": ["Invalid data. Expected a JSON object."]}
''',
        new='''    return {}
'''),
}


def edit(nb):
    """Delete the test cells that would fail."""
    doomed = {"check_validation", "check_replace_update"}
    nb.cells = [cell for cell in nb.cells
                if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") not in doomed]
