"""TokenAuthentication is listed after SessionAuthentication: tokens work, but a refused write
gets 403 without WWW-Authenticate, because the first class decides the header (for a deleted
token too)."""

from sample_answers import with_edits
from sample_answers.auth_production import AUTH_PRODUCTION, DJANGO_TOKENS

DESCRIPTION = "wrong: Django SessionAuthentication before TokenAuthentication (403)"
EXPECTED_SCORE = 13.98

ANSWERS = {
    **AUTH_PRODUCTION,
    "django_views": with_edits(
        DJANGO_TOKENS,
        ("import TokenAuthentication", "import SessionAuthentication, TokenAuthentication"),
        ("[TokenAuthentication]", "[SessionAuthentication, TokenAuthentication]")),
}
