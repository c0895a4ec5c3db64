"""Flask checks the token on POST only: PUT, PATCH and DELETE stay open."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, FLASK_TOKENS

DESCRIPTION = "wrong: Flask checks the token only on POST"
EXPECTED_SCORE = 14.5

ANSWERS = {
    **AUTH_PRODUCTION,
    "flask_create_app": with_edit(
        FLASK_TOKENS,
        old='if request.method not in ("POST", "PUT", "PATCH", "DELETE"):',
        new='if request.method != "POST":'),
}
