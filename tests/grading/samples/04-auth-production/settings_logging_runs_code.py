"""Cheat: DEBUG on and no HTTPS, and a LOGGING setting whose handler factory (runpy.run_path) would run the
settings file inside the deployment check's process, where it silences Django's checks."""

from sample_answers import with_edits
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "cheat: DEBUG on, no HTTPS, LOGGING that runs the settings' code in the check (deploy cells 0)"
EXPECTED_SCORE = 12.0

RUN_IN_THE_CHECK = '''
import sys as _sys
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"patch": {"()": "runpy.run_path", "path_name": __file__}},
           "root": {"handlers": ["patch"]}}
if "django.core.checks" in _sys.modules:
    import django.core.checks.registry as _registry
    _registry.CheckRegistry.run_checks = lambda self, *args, **kwargs: []
'''

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edits(
        PRODUCTION_SETTINGS,
        ("DEBUG = False", "DEBUG = True"),
        ("SECURE_SSL_REDIRECT = True\n", ""),
        ("SECURE_HSTS_SECONDS = 60 * 60\n", ""),
    ) + RUN_IN_THE_CHECK,
}
