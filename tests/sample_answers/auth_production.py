"""Correct answers to 04-auth-production's three cells (the solution's): Flask tokens, DRF tokens, production settings.

``FLASK_TOKENS`` puts the notebook's create_flask_app() behind a hook wanting
"Authorization: Token <key>" (the scheme in any case, the key compared in constant
time); ``DJANGO_TOKENS`` is a ModelViewSet with TokenAuthentication, reads open to
everyone; ``PRODUCTION_SETTINGS`` takes secrets and host names from the environment,
DEBUG off, HTTPS on and HSTS's first step (an hour, no preload).
"""

from sample_answers import solution_answers

AUTH_PRODUCTION = solution_answers("04-auth-production")
FLASK_TOKENS = AUTH_PRODUCTION["flask_create_app"]
DJANGO_TOKENS = AUTH_PRODUCTION["django_views"]
PRODUCTION_SETTINGS = AUTH_PRODUCTION["production_settings"]
