"""Flask refuses with 401 and a JSON detail but forgets the WWW-Authenticate header."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, FLASK_TOKENS

DESCRIPTION = "wrong: Flask 401 without WWW-Authenticate"
EXPECTED_SCORE = 14.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "flask_create_app": with_edit(
        FLASK_TOKENS,
        old='401, {"WWW-Authenticate": "Token"}',
        new='401'),
}
