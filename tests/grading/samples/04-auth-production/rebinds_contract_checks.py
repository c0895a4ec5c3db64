"""Adversarial: a Flask app without authentication, and contract.run_checks and the helpers that turn
checks into points (GradedCell.earned) rebound to pass everything."""

from sample_answers import with_edit
from sample_answers.auth_cheats import REBIND_CONTRACT
from sample_answers.auth_production import AUTH_PRODUCTION, FLASK_TOKENS

DESCRIPTION = "adversarial: no Flask authentication; contract.run_checks and the points helper rebound"
EXPECTED_SCORE = 14.0
# No flag: while graded, the kernel runs none of the checks of cells with hidden tests (apilab.grading.checks_once):
# the grader runs them once, from outside; the notebook reports 0 there, as an honest one does: nothing to see.

ANSWERS = {
    **AUTH_PRODUCTION,
    "flask_create_app": with_edit(FLASK_TOKENS, old="    valid_keys = [key.encode() for key in tokens]\n", new="    return app\n")
    + REBIND_CONTRACT,
}
