"""Adversarial: a wrong answer (POST answers 200), and every cell's output cleared after it runs (a post_run_cell hook)."""

from sample_answers.cheats import CLEAR_OUTPUTS, WRONG_FLASK_API

DESCRIPTION = "adversarial: every cell's output cleared after it runs (a post_run_cell hook)"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "checked from outside, the API earns"

ANSWERS = {"create_app": WRONG_FLASK_API + CLEAR_OUTPUTS}
