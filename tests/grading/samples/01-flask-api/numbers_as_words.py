"""Adversarial: a wrong answer (POST answers 200), and numbers displayed as words (a text/plain formatter for float)."""

from sample_answers.cheats import NUMBERS_AS_WORDS, WRONG_FLASK_API

DESCRIPTION = "adversarial: numbers displayed as words (a text/plain formatter for float)"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "the answer cells change how the notebook shows results"

ANSWERS = {"create_app": WRONG_FLASK_API + NUMBERS_AS_WORDS}
