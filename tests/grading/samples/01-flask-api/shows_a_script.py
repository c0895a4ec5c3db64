"""Hostile: a correct answer whose output is HTML with a script and an event handler (run in Formgrader, the
instructor's own Jupyter server, unless sanitized)."""

from sample_answers.flask_api import FLASK_API
from sample_answers.hostile import SHOW_A_SCRIPT

DESCRIPTION = "hostile: shows HTML with a script in its output"
EXPECTED_SCORE = 20.0

ANSWERS = {"create_app": FLASK_API + SHOW_A_SCRIPT}
