"""Adversarial: a wrong answer (POST answers 200), and every cell's output cleared after it runs (a post_run_cell hook)."""

from sample_answers.cheats import CLEAR_OUTPUTS, WRONG_FLASK_API

DESCRIPTION = "adversarial: every cell's output cleared after it runs (a post_run_cell hook)"
EXPECTED_SCORE = 17.33
# While graded, the kernel runs none of the checks of cells with hidden tests (apilab.grading.checks_once) and an
# honest notebook reports 0 there: this one's code made the test cells report points.
EXPECTED_FLAG = "the notebook reported points for cells it does not check while graded"

ANSWERS = {"create_app": WRONG_FLASK_API + CLEAR_OUTPUTS}
