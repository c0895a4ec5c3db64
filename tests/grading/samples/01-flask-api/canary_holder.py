"""A correct answer holding a secret of its own: no classmate's grading, feedback or file may show it."""

from sample_answers.flask_api import FLASK_API

DESCRIPTION = "correct, and holds a canary that must stay in its own files"
EXPECTED_SCORE = 20.0

ANSWERS = {"create_app": FLASK_API + '\nMY_SECRET = "classmate-canary-7f3a9c"  # only this learner may see it\n'}
