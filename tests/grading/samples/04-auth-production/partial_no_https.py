"""Both APIs right; the settings come from the environment with DEBUG off, but nothing of HTTPS
is set and the clickjacking middleware is missing."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "partial: both APIs right, settings without HTTPS and X-Frame-Options"
EXPECTED_SCORE = 12.0

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edit(
        PRODUCTION_SETTINGS,
        old='''MIDDLEWARE = [*MIDDLEWARE, "django.middleware.clickjacking.XFrameOptionsMiddleware"]

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# HSTS, first step: an hour. Next, a year (31536000) once HTTPS works everywhere; subdomains and preload last.
SECURE_HSTS_SECONDS = 60 * 60
''',
        new=""),
}
