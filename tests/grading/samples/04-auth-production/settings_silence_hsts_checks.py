"""The settings try to make check --deploy pass by silencing the HSTS warnings instead of sending HSTS.

The deployment check runs with the course's silenced checks (none), so the missing HSTS still costs the HTTPS
cell, and the silencing costs the cell that asks for no silenced check: 2 + 2 points."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "wrong: HSTS warnings silenced with SILENCED_SYSTEM_CHECKS"
EXPECTED_SCORE = 12.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edit(
        PRODUCTION_SETTINGS,
        old="SECURE_HSTS_SECONDS = 60 * 60\n",
        new='''SILENCED_SYSTEM_CHECKS = ["security.W004"]
'''),
}
