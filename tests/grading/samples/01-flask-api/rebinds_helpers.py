"""Adversarial: a wrong answer (POST answers 200), and the helper that turns checks into points rebound (GradedCell.earned)."""

from sample_answers.cheats import REBIND_HELPERS, WRONG_FLASK_API

DESCRIPTION = "adversarial: the helper that turns checks into points rebound (GradedCell.earned)"
EXPECTED_SCORE = 17.33
# No flag: while graded, the kernel runs none of the checks of cells with hidden tests (apilab.grading.checks_once):
# the grader runs them once, from outside; the notebook reports 0 there, as an honest one does: nothing to see.

ANSWERS = {"create_app": WRONG_FLASK_API + REBIND_HELPERS}
