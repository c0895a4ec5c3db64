"""Django settings for the benchmark apps served in a separate process.

``DJANGO_SETTINGS_MODULE=apilab.measure.bench_apps.django_settings``; the sqlite file
comes from ``APILAB_BENCH_DB``, the URL conf from ``APILAB_BENCH_URLCONF``
(``apilab.measure.bench_apps.django_urls`` for plain Django, ``...drf_urls`` for DRF),
the cache from ``APILAB_BENCH_CACHE_URL`` (Django's own Redis backend).
"""

import os
import secrets

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
