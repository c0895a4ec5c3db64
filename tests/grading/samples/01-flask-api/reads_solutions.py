"""Adversarial: a wrong answer, then an attempt to copy the instructor's solution from solutions/."""

from sample_answers.cheats import READ_SOLUTIONS, WRONG_FLASK_API

DESCRIPTION = "adversarial: reads solutions/ from the course folder (hidden by the sandbox)"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "an answer cell failed: FileNotFoundError"

ANSWERS = {"create_app": WRONG_FLASK_API + READ_SOLUTIONS}
