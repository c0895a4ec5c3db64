"""Adversarial: settings with DEBUG on and a secret key written in the file, and the course's deployment
helpers (run_deploy_check, read_settings) rebound in an answer cell to pass everything."""

from sample_answers import with_edits
from sample_answers.auth_cheats import REBIND_DEPLOY_HELPERS
from sample_answers.auth_production import AUTH_PRODUCTION, FLASK_TOKENS, PRODUCTION_SETTINGS

DESCRIPTION = "adversarial: run_deploy_check and read_settings rebound to pass; DEBUG on, SECRET_KEY in the file"
EXPECTED_SCORE = 12.0
# No flag: while graded, the kernel runs none of the checks of cells with hidden tests (apilab.grading.checks_once):
# the grader runs them once, from outside; the notebook reports 0 there, as an honest one does: nothing to see.

ANSWERS = {
    **AUTH_PRODUCTION,
    "flask_create_app": FLASK_TOKENS + REBIND_DEPLOY_HELPERS,
    "production_settings": with_edits(
        PRODUCTION_SETTINGS,
        ("DEBUG = False", "DEBUG = True"),
        ('SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', 'SECRET_KEY = "k3Lp9vQ2xR7mW4tY8nB1cF6hJ0sD5gZaE2uI9oP3qX7wV1yT4rN8mK6jH0fG5dS2"')),
}
