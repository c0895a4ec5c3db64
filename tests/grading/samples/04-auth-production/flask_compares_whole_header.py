"""Flask looks the whole header value ('Token <key>') up in tokens, so even a valid key is refused:
the checks cannot create the products they need, so every Flask group fails."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, FLASK_TOKENS

DESCRIPTION = "wrong: Flask compares the whole Authorization header with the keys"
EXPECTED_SCORE = 12.2

ANSWERS = {
    **AUTH_PRODUCTION,
    "flask_create_app": with_edit(
        FLASK_TOKENS,
        old='''        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        is_token = scheme.lower() == "token"  # a scheme is case-insensitive: "token <key>" is fine too
        if is_token and is_valid(key.strip()):
            return None
        detail = "Invalid token." if is_token else "Authentication credentials were not provided."
''',
        new='''        if is_valid(request.headers.get("Authorization", "")):
            return None
        detail = "Authentication credentials were not provided."
'''),
}
