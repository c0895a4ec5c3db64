"""Wrong: HTTPS settings written as strings ("True", "3600"): Django reads them otherwise than a check of
their truth would, so they are refused as settings of another type than Django's."""

from sample_answers import with_edits
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "wrong: HTTPS settings as strings (both deployment cells 0)"
EXPECTED_SCORE = 12.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edits(
        PRODUCTION_SETTINGS,
        ("SECURE_SSL_REDIRECT = True", 'SECURE_SSL_REDIRECT = "True"'),
        ("SECURE_HSTS_SECONDS = 60 * 60", 'SECURE_HSTS_SECONDS = "3600"')),
}
