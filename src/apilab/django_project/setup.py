"""Configure Django inside a notebook kernel, and serve a notebook's URL patterns.

One call, safe to repeat::

    apilab.setup_django()          # settings.configure() + django.setup() + migrate, once
    from apilab.django_project.shop.models import Product
    server = apilab.serve_django(urlpatterns)

Developer notes:

- A Jupyter kernel runs an asyncio event loop in its main thread, so Django
  refuses ORM calls there (``SynchronousOnlyOperation``). Django's documented
  remedy for notebooks is ``DJANGO_ALLOW_ASYNC_UNSAFE``: the kernel runs one
  cell at a time, so nothing is actually concurrent with the cell's ORM calls.
- The database is a sqlite file in a temporary folder: an in-memory database
  is private to one thread, and the server answers from other threads.
- URL resolvers are cached; ``serve_django`` clears the caches so a changed
  ``urlpatterns`` is served the next time.
- On JupyterHub the learner's browser reaches the server through the hub's
  proxy, under a path prefix that differs per server and is absent from the
  kernel's own requests (``apilab.serving.hub``). Django's relative
  ``STATIC_URL`` would not do: it is prefixed once and cached. The static
  files storage puts each request's script prefix before its URLs instead.
  ``hub_settings`` lets the hub's host name in and trusts its origin for CSRF
  (its proxy terminates TLS and says so in ``X-Forwarded-Proto``).
"""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import shutil
import tempfile
import types

from apilab.serving import hub
from apilab.serving.servers import InKernelServer, keep_error, serve

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "apilab.django_project.shop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Keep CommonMiddleware: it sets Content-Length, without which every
    # server closes the connection after each response.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# Errors are kept by apilab (see apilab.recent_errors), never printed: a
# graded cell that writes to stderr scores zero.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"kept": {"class": "apilab.django_project.setup.KeptErrorsHandler"}},
    "loggers": {
        "django": {"handlers": ["kept"], "level": "ERROR", "propagate": False},
    },
}

_state: dict[str, object] = {}


class _UrlConf(types.ModuleType):
    """The module Django reads URL patterns from; serve_django() swaps its patterns."""


_urlconf = _UrlConf("apilab_notebook_urls")
_urlconf.urlpatterns = []


class KeptErrorsHandler(logging.Handler):
    """A logging handler that keeps Django's error logs for apilab.recent_errors()."""

    def emit(self, record: logging.LogRecord) -> None:
        keep_error(self.format(record))


def hub_settings(environ=None) -> dict:
    """Return the settings Django needs behind the JupyterHub proxy ({} off a hub).

    Only the hub's proxy, on this machine, reaches the server (it listens on
    127.0.0.1), so the forwarded scheme and the hub's host name can be trusted.
    """
    if not hub.on_hub(environ):
        return {}
    settings = {
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "testserver", *hub.hub_hosts(environ)],
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    }
    origin = hub.public_origin(environ)
    if origin is not None:
        settings["CSRF_TRUSTED_ORIGINS"] = [origin]
    return settings


def course_settings(database_path: str, **overrides) -> dict:
    """Return the course's Django settings for a sqlite database at ``database_path``."""
    settings = {
        "DEBUG": False,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "testserver"],
        "INSTALLED_APPS": INSTALLED_APPS,
        "MIDDLEWARE": MIDDLEWARE,
        "ROOT_URLCONF": _urlconf,
        "TEMPLATES": TEMPLATES,
        "DATABASES": {
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": database_path}
        },
        "DEFAULT_AUTO_FIELD": "django.db.models.AutoField",
        "USE_TZ": True,
        "STATIC_URL": "/static/",
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "apilab.django_project.static_storage.ScriptPrefixStaticStorage"},
        },
        "LOGGING": LOGGING,
        "REST_FRAMEWORK": {"UNAUTHENTICATED_USER": None},
        **hub_settings(),
    }
    unknown = [key for key in overrides if not key.isupper()]
    if unknown:
        raise ValueError(f"setup_django() takes Django settings in UPPER_CASE, got {unknown}")
    settings.update(overrides)
    return settings


def setup_django(**overrides):
    """Configure Django for this process once, migrate its database, and return ``settings``.

    Keyword arguments override the course's settings (``DEBUG=True``, ...) on
    the first call; later calls return the same settings and must not ask for
    different ones.
    """
    import django
    from django.conf import settings

    if "configured" in _state:
        differing = [k for k, v in overrides.items() if getattr(settings, k, object()) != v]
        if differing:
            raise RuntimeError(
                f"Django is already configured in this kernel; cannot change {differing} "
                "now (restart the kernel to start over)"
            )
        return settings
    if settings.configured:
        raise RuntimeError(
            "Django was configured by something else in this process; "
            "setup_django() must be the first to configure it (restart the kernel)"
        )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    folder = tempfile.mkdtemp(prefix="apilab-django-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    settings.configure(**course_settings(os.path.join(folder, "db.sqlite3"), **overrides))
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    _state["configured"] = True
    _state["folder"] = folder
    return settings


def use_urlpatterns(urlpatterns) -> None:
    """Make ``urlpatterns`` the URLs Django serves, clearing Django's URL caches."""
    if not isinstance(urlpatterns, (list, tuple)):
        raise TypeError(
            f"urlpatterns must be a list of path()/re_path() entries, got "
            f"{type(urlpatterns).__name__}"
        )
    from django.urls import clear_url_caches

    _urlconf.urlpatterns = list(urlpatterns)
    clear_url_caches()


def django_app(urlpatterns, *, empty_products: bool = False):
    """Django's WSGI application serving ``urlpatterns`` (Django set up first if needed).

    ``empty_products=True`` deletes every ``Product`` first: what graders serve a learner's
    patterns over, so that each check starts from an empty table.
    """
    setup_django()
    if empty_products:
        from apilab.django_project.shop.models import Product

        Product.objects.all().delete()
    use_urlpatterns(urlpatterns)
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()


def serve_django(urlpatterns, name: str = "django", *, empty_products: bool = False) -> InKernelServer:
    """Serve ``urlpatterns`` with Django on a free 127.0.0.1 port and return the handle.

    Calls setup_django() first if needed; serving again under the same name
    stops the previous server and serves the new patterns. ``empty_products``
    as in ``django_app``.
    """
    return serve(django_app(urlpatterns, empty_products=empty_products), name=name)
