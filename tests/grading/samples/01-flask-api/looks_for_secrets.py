"""Hostile: a correct answer that prints every secret it can find: the grader's environment, files named like a
canary anywhere it can read (the instructor's home, /var/tmp, /root), a classmate's answer beside its own."""

from sample_answers.flask_api import FLASK_API
from sample_answers.hostile import LOOK_FOR_SECRETS

DESCRIPTION = "hostile: looks for the grader's variables, files outside its folder and a classmate's answer"
EXPECTED_SCORE = 20.0

ANSWERS = {"create_app": FLASK_API + LOOK_FOR_SECRETS}
