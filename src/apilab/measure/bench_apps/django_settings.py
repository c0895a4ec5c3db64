"""Django settings for the benchmark apps served in a separate process.

``DJANGO_SETTINGS_MODULE=apilab.measure.bench_apps.django_settings``; the sqlite file
comes from ``APILAB_BENCH_DB``, the URL conf from ``APILAB_BENCH_URLCONF``
(``apilab.measure.bench_apps.django_urls`` for plain Django, ``...drf_urls`` for DRF),
the cache from ``APILAB_BENCH_CACHE_URL`` (Django's own Redis backend).
``APILAB_BENCH_DB_URL`` (``postgresql://user@host:port/name``) replaces the sqlite
file with PostgreSQL (psycopg 3); ``APILAB_BENCH_CONN_MAX_AGE`` sets
``CONN_MAX_AGE`` (seconds a connection is kept: 0 closes it at the end of
every request; unset: kept for good, as the Flask apps keep theirs).
"""

import os
import secrets
from urllib.parse import urlsplit

DEBUG = False
SECRET_KEY = os.environ.get("APILAB_BENCH_SECRET_KEY") or secrets.token_urlsafe(40)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "apilab.django_project.shop",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CommonMiddleware sets Content-Length; without it every server closes the
    # connection after each response and keep-alive is lost.
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = os.environ.get("APILAB_BENCH_URLCONF", "apilab.measure.bench_apps.django_urls")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("APILAB_BENCH_DB", ""),
        # Persistent connections, as the Flask app keeps one per thread.
        "CONN_MAX_AGE": None,
    }
}
if os.environ.get("APILAB_BENCH_DB_URL"):
    _url = urlsplit(os.environ["APILAB_BENCH_DB_URL"])
    DATABASES["default"].update({
        "ENGINE": "django.db.backends.postgresql", "NAME": _url.path.lstrip("/"),
        "USER": _url.username or "", "PASSWORD": _url.password or "",
        "HOST": _url.hostname or "", "PORT": str(_url.port or ""),
    })
if os.environ.get("APILAB_BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["APILAB_BENCH_CONN_MAX_AGE"])
_cache_url = os.environ.get("APILAB_BENCH_CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
REST_FRAMEWORK = {"UNAUTHENTICATED_USER": None}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"django": {"level": "ERROR"}},
}
