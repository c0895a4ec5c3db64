"""The settings leave DEBUG on."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "wrong: DEBUG = True in production settings"
EXPECTED_SCORE = 14.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edit(
        PRODUCTION_SETTINGS,
        old="DEBUG = False",
        new="DEBUG = True"),
}
