"""Hostile: a correct answer that writes part of a line to every descriptor it has (the verification process's
replies among them) and ignores SIGTERM: the grader reads its replies and stops it all the same."""

from sample_answers.flask_api import FLASK_API
from sample_answers.hostile import GARBLE_THE_REPLIES

DESCRIPTION = "hostile: a part of a line on the replies' pipe, SIGTERM ignored"
EXPECTED_SCORE = 20.0

ANSWERS = {"create_app": FLASK_API + GARBLE_THE_REPLIES}
