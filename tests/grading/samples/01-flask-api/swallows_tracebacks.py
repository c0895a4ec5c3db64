"""Adversarial: a wrong answer (POST answers 200), and every traceback swallowed (set_custom_exc) and every test cell made to raise."""

from sample_answers.cheats import SWALLOW_TRACEBACKS, WRONG_FLASK_API

DESCRIPTION = "adversarial: every traceback swallowed (set_custom_exc) and every test cell made to raise"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "the answer cells change how the notebook shows results"

ANSWERS = {"create_app": WRONG_FLASK_API + SWALLOW_TRACEBACKS}
