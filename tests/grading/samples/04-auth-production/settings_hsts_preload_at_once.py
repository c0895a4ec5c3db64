"""HSTS's last step taken at once: a year of max-age, subdomains and preload. check --deploy finds no HTTPS
issue, but the exercise asks for the first step of the rollout (a day at most, no preload): the HTTPS cell
earns nothing; the others earn theirs."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "wrong: HSTS for a year with subdomains and preload at once, not a first step"
EXPECTED_SCORE = 14.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edit(
        PRODUCTION_SETTINGS,
        old="SECURE_HSTS_SECONDS = 60 * 60\n",
        new='''SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
'''),
}
