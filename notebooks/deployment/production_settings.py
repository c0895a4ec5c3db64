"""Production settings: everything secret or machine-specific comes from the environment.

The same image runs in every environment; only its environment variables
change. Required: ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` (comma
separated). Optional: ``POSTGRES_HOST`` (+ ``POSTGRES_DB``, ``POSTGRES_USER``,
``POSTGRES_PASSWORD``) to use PostgreSQL instead of the sqlite file at
``DJANGO_SQLITE_PATH``; ``DJANGO_STATIC_ROOT``, where ``collectstatic`` puts
the static files; ``DJANGO_HSTS_SECONDS``, ``DJANGO_HSTS_INCLUDE_SUBDOMAINS``
and ``DJANGO_HSTS_PRELOAD``, the step the HSTS rollout has reached.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from base_settings import *  # noqa: F403
from base_settings import BASE_DIR


def flag(name: str) -> bool:
    """Return whether the environment variable ``name`` is set to true (1, true, yes, on)."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def required(name: str) -> str:
    """Return the environment variable ``name``, or stop with a message saying it is missing."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} (see production_settings.py)")
    return value


DEBUG = False
SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("DJANGO_ALLOWED_HOSTS").split(",")]

if os.environ.get("POSTGRES_HOST"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ["POSTGRES_HOST"],
            "NAME": os.environ.get("POSTGRES_DB", "products"),
            "USER": os.environ.get("POSTGRES_USER", "products"),
            "PASSWORD": required("POSTGRES_PASSWORD"),
            "CONN_MAX_AGE": 60,  # keep connections open between requests
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DJANGO_SQLITE_PATH", BASE_DIR / "db.sqlite3"),
        }
    }

STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed file names (cacheable forever) and pre-compressed copies.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS ends at the Nginx in front (nginx.conf), which SETS X-Forwarded-Proto itself,
# overwriting whatever a client sent. Believing this header is safe only then: behind
# a proxy that overwrites it, with the app reachable through that proxy alone
# (gunicorn on 127.0.0.1 in the pod). Reachable any other way, anyone could send
# "X-Forwarded-Proto: https" over plain HTTP and be taken for HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# Health probes come from inside the cluster over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]

# HSTS: browsers that saw the header use only HTTPS for this host, for max-age
# seconds, and a promise made cannot be taken back before it runs out. So it is
# rolled out step by step: 300 s (the default here), then a day, a week, a month,
# a year, each once the previous one has run without trouble; includeSubDomains
# only once every subdomain serves HTTPS; preload is a separate, deliberate
# decision for the whole registered domain (see the lesson), hard to undo.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "300"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = flag("DJANGO_HSTS_PRELOAD")
if SECURE_HSTS_PRELOAD and not (SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_SECONDS >= 31536000):
    raise ImproperlyConfigured("HSTS preload needs includeSubDomains and a max-age of at least a year")
# Until the rollout reaches its end, check --deploy reminds of the steps not taken
# (security.W005: no includeSubDomains; security.W021: no preload). They are left to
# say so, not silenced: a CI gate accepts exactly these two (see the lesson).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

REST_FRAMEWORK = {
    # No browsable HTML API in production: JSON only.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Secure by default: any view that does not say otherwise lets anyone read and
    # only a client with a token write (shop_api's viewset also says so itself).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
}

# Logs go to the console: the container platform collects them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
