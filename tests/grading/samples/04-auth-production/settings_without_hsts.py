"""The settings redirect to HTTPS and secure the cookies but send no HSTS."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "wrong: no HSTS (SECURE_HSTS_SECONDS unset)"
EXPECTED_SCORE = 14.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edit(
        PRODUCTION_SETTINGS,
        old="SECURE_HSTS_SECONDS = 60 * 60\n",
        new=""),
}
