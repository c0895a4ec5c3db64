"""Adversarial: a wrong answer, then an attempt to give itself full marks in the gradebook."""

from sample_answers.cheats import WRITE_GRADEBOOK, WRONG_FLASK_API

DESCRIPTION = "adversarial: writes to the gradebook (hidden by the sandbox)"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "an answer cell failed: OperationalError"

ANSWERS = {"create_app": WRONG_FLASK_API + WRITE_GRADEBOOK}
