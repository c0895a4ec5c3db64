"""Adversarial: a wrong answer, and an apilab/ package beside the notebook whose checks pass everything."""

from sample_answers.cheats import FAKE_APILAB, WRONG_FLASK_API

DESCRIPTION = "adversarial: an apilab/ folder beside the notebook (left out of grading, so it shadows nothing)"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "files the release did not contain were left out of grading"

ANSWERS = {"create_app": WRONG_FLASK_API}
FILES = FAKE_APILAB
