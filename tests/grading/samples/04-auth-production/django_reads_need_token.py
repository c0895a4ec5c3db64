"""Django uses IsAuthenticated, so reading the catalogue needs a token too."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, DJANGO_TOKENS

DESCRIPTION = "wrong: Django reads need a token (IsAuthenticated)"
EXPECTED_SCORE = 15.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "django_views": with_edit(
        DJANGO_TOKENS,
        old="permissions.IsAuthenticatedOrReadOnly",
        new="permissions.IsAuthenticated"),
}
