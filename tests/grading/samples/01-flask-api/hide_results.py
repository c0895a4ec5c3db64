"""Adversarial: a wrong answer (POST answers 200), and the test cells' results hidden (GradedCell.points patched to show nothing)."""

from sample_answers.cheats import HIDE_RESULTS, WRONG_FLASK_API

DESCRIPTION = "adversarial: the test cells' results hidden (GradedCell.points patched to show nothing)"
EXPECTED_SCORE = 17.33
# While graded, the kernel runs none of the checks of cells with hidden tests (apilab.grading.checks_once) and an
# honest notebook reports 0 there: this one's code made the test cells report points.
EXPECTED_FLAG = "the notebook reported points for cells it does not check while graded"

ANSWERS = {"create_app": WRONG_FLASK_API + HIDE_RESULTS}
