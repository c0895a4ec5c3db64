"""Adversarial: Flask checks the token on POST only, every traceback is swallowed (set_custom_exc) and
every test cell made to raise, so that nbgrader would see no failure."""

from sample_answers import with_edit
from sample_answers.auth_cheats import SWALLOW_TRACEBACKS
from sample_answers.auth_production import AUTH_PRODUCTION, FLASK_TOKENS

DESCRIPTION = "adversarial: token on POST only; every traceback swallowed (set_custom_exc), every test cell raising"
EXPECTED_SCORE = 14.5
EXPECTED_FLAG = "the answer cells change how the notebook shows results"

ANSWERS = {
    **AUTH_PRODUCTION,
    "flask_create_app": with_edit(
        FLASK_TOKENS,
        old='if request.method not in ("POST", "PUT", "PATCH", "DELETE"):',
        new='if request.method != "POST":') + SWALLOW_TRACEBACKS,
}
