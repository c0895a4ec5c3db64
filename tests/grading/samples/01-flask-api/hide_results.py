"""Adversarial: a wrong answer (POST answers 200), and the test cells' results hidden (GradedCell.points patched to show nothing)."""

from sample_answers.cheats import HIDE_RESULTS, WRONG_FLASK_API

DESCRIPTION = "adversarial: the test cells' results hidden (GradedCell.points patched to show nothing)"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "checked from outside, the API earns"

ANSWERS = {"create_app": WRONG_FLASK_API + HIDE_RESULTS}
