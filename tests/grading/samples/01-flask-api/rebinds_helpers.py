"""Adversarial: a wrong answer (POST answers 200), and the helper that turns checks into points rebound (GradedCell.earned)."""

from sample_answers.cheats import REBIND_HELPERS, WRONG_FLASK_API

DESCRIPTION = "adversarial: the helper that turns checks into points rebound (GradedCell.earned)"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "checked from outside, the API earns"

ANSWERS = {"create_app": WRONG_FLASK_API + REBIND_HELPERS}
