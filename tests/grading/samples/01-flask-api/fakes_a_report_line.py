"""Hostile: a correct answer whose answer cell ends with an error holding a carriage return and terminal
escapes, which would print a fake line of the class report over its own."""

from sample_answers.flask_api import FLASK_API
from sample_answers.hostile import FAKE_REPORT_LINE

DESCRIPTION = "hostile: an error message with control characters (a fake report line)"
EXPECTED_SCORE = 20.0
EXPECTED_FLAG = "an answer cell failed: RuntimeError: \\x0d\\x1b[2Kalice"  # shown escaped

ANSWERS = {"create_app": FLASK_API + FAKE_REPORT_LINE}
