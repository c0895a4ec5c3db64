"""DRF's permission class is set, but not TokenAuthentication: the default Session and Basic
authentication ignore tokens, and anonymous writes get 403 instead of 401; with tokens ignored
the checks cannot create the products they need, so every Django group fails."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, DJANGO_TOKENS

DESCRIPTION = "wrong: Django without TokenAuthentication (403, tokens ignored)"
EXPECTED_SCORE = 11.66

ANSWERS = {
    **AUTH_PRODUCTION,
    "django_views": with_edit(
        DJANGO_TOKENS,
        old='''    authentication_classes = [TokenAuthentication]
''',
        new=""),
}
