"""A right first HSTS step, whose reminders of the next steps (security.W005, security.W021) are silenced so
that check --deploy --fail-level WARNING passes: the HTTPS cells earn theirs (the grader's check silences
nothing), the cell that asks for no silenced check earns nothing."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "wrong: a first HSTS step with its warnings W005 and W021 silenced"
EXPECTED_SCORE = 14.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edit(
        PRODUCTION_SETTINGS,
        old="SECURE_HSTS_SECONDS = 60 * 60\n",
        new='''SECURE_HSTS_SECONDS = 60 * 60
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
'''),
}
