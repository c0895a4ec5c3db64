"""A feature matrix of a Flask app and a Django project: inspected where it can be, labelled where it is not.

``feature_matrix(flask_app, django_settings)`` answers, feature by feature,
what *this* Flask app and *this* Django project have. Security is split by
threat (HTML escaping, SQL injection, CSRF, the deployment's settings), because
the two frameworks differ on some threats and not on others, and CSRF matters
only to logins kept in cookies: a token-authenticated JSON API needs no CSRF
protection in either.

Every cell ends with how it is known:

- ``[inspected]``: read from the live objects (the extensions registered on the
  app, its Jinja environment, the installed apps and middleware, the template
  settings, the models, Django's deployment checks run on these settings);
- ``[stated]``: a property of the library that the objects do not show (that
  SQLAlchemy and Django's ORM bind parameters, how async views run), written
  down here rather than measured.
"""

from __future__ import annotations

import importlib.util

FEATURES = ("admin", "ORM", "auth", "pagination and filtering", "rate limiting", "OpenAPI document", "versioning",
            "XSS: HTML templates", "SQL injection", "CSRF (cookie logins only)", "deployment settings", "async")
INSPECTED, STATED = "[inspected]", "[stated]"

# Extension keys (``app.extensions``) that give a Flask app each feature, with the library's name.
FLASK_EXTENSIONS = {
    "admin": {"admin": "Flask-Admin"},
    "ORM": {"sqlalchemy": "Flask-SQLAlchemy"},
    "auth": {"security": "Flask-Security", "flask-jwt-extended": "Flask-JWT-Extended", "login_manager": "Flask-Login"},
    "CSRF": {"csrf": "Flask-WTF (CSRFProtect)"},
    "headers": {"talisman": "Flask-Talisman"},
    "REST": {"flask-smorest": "flask-smorest", "apiflask": "APIFlask"},
    "limits": {"limiter": "Flask-Limiter"},
}
SUGGESTED = {"admin": "Flask-Admin", "ORM": "Flask-SQLAlchemy",
             "auth": "Flask-Login (sessions), Flask-HTTPAuth or Flask-JWT-Extended (tokens)"}


def _flask_extension(app, feature: str) -> str | None:
    found = [name for key, name in FLASK_EXTENSIONS[feature].items()
             if key in app.extensions or (key == "login_manager" and hasattr(app, "login_manager"))]
    return ", ".join(found) or None


def _cell(text: str, how: str) -> str:
    return f"{text} {how}"


def flask_features(app) -> dict[str, str]:
    """Describe each feature of a Flask app: the extension providing it, or what to add."""
    from flask import Flask

    if not isinstance(app, Flask):
        raise TypeError(f"flask_features() needs a Flask app, got {type(app).__name__}")
    found = {}
    for feature in ("admin", "ORM", "auth"):
        extension = _flask_extension(app, feature)
        found[feature] = _cell(f"extension: {extension}" if extension else f"none: add {SUGGESTED[feature]}",
                               INSPECTED)
    rest = _flask_extension(app, "REST")
    found["pagination and filtering"] = _cell(
        f"extension: {rest} (paginated responses, query arguments)" if rest else
        "none registered: flask-smorest's @blp.paginate and query-argument schemas, or by hand", INSPECTED)
    limits = _flask_extension(app, "limits")
    found["rate limiting"] = _cell(f"extension: {limits}" if limits else "none registered: add Flask-Limiter",
                                   INSPECTED)
    found["OpenAPI document"] = _cell(f"extension: {rest}" if rest else
                                      "none registered: add flask-smorest or APIFlask", INSPECTED)
    found["versioning"] = _cell("by hand: one blueprint per version (/api/v1/, /api/v2/)", STATED)
    autoescape = app.jinja_env.autoescape
    escapes = bool(autoescape("page.html")) if callable(autoescape) else bool(autoescape)
    found["XSS: HTML templates"] = _cell("Jinja autoescapes .html templates" if escapes
                                         else "templates do not autoescape", INSPECTED)
    found["SQL injection"] = (_cell("SQLAlchemy binds parameters (Flask-SQLAlchemy registered)", STATED)
                              if _flask_extension(app, "ORM") else
                              _cell("no database library registered: up to the SQL you write", INSPECTED))
    csrf = _flask_extension(app, "CSRF")
    found["CSRF (cookie logins only)"] = _cell(
        f"extension: {csrf}" if csrf else "none registered: add Flask-WTF's CSRFProtect for cookie logins",
        INSPECTED)
    headers = _flask_extension(app, "headers")
    found["deployment settings"] = _cell(
        f"extension: {headers}" if headers else
        "no audit built in: HTTPS redirects, HSTS and secure cookies from Flask-Talisman or the proxy", INSPECTED)
    async_views = importlib.util.find_spec("asgiref") is not None
    found["async"] = _cell("async def views run, each request in its own event loop on a WSGI worker; "
                           "gevent workers or Quart serve many waiting requests per process"
                           if async_views else "async def views need 'flask[async]' (asgiref)", STATED)
    return found


def _django_autoescapes(settings) -> bool:
    engines = [engine for engine in getattr(settings, "TEMPLATES", [])
               if engine.get("BACKEND") == "django.template.backends.django.DjangoTemplates"]
    return bool(engines) and all(engine.get("OPTIONS", {}).get("autoescape", True) for engine in engines)


def _deploy_warnings() -> list[str]:
    """The ids of the security warnings ``manage.py check --deploy`` gives for the configured settings."""
    from django.core import checks

    return sorted({message.id for message in checks.run_checks(include_deployment_checks=True,
                                                              tags=[checks.Tags.security])})


def _drf_features(installed) -> dict[str, str]:
    """What DRF has for pagination, filtering, throttling, schemas and versioning, and what these settings turn on."""
    from rest_framework.settings import api_settings

    def setting(value, built_in: str) -> str:
        chosen = [item.__name__ for item in (value if isinstance(value, (list, tuple)) else [value]) if item]
        return f"built into DRF ({built_in}): " + (", ".join(chosen) if chosen else "none set in these settings")

    filters = "django-filter installed" if "django_filters" in installed else "django-filter not installed"
    return {
        "pagination and filtering": _cell(setting(api_settings.DEFAULT_PAGINATION_CLASS, "pagination classes")
                                          + f"; {filters}", INSPECTED),
        "rate limiting": _cell(setting(api_settings.DEFAULT_THROTTLE_CLASSES, "throttle classes"), INSPECTED),
        "OpenAPI document": _cell("drf-spectacular installed" if "drf_spectacular" in installed else
                                  "DRF's own schema generator; drf-spectacular not installed", INSPECTED),
        "versioning": _cell(setting(api_settings.DEFAULT_VERSIONING_CLASS, "versioning classes"), INSPECTED),
    }


def django_features(settings) -> dict[str, str]:
    """Describe each feature of the configured Django project, from its apps, middleware, settings and models."""
    from django.apps import apps

    if not getattr(settings, "configured", False):
        raise ValueError("django_features() needs configured settings: call apilab.setup_django() first")
    installed = settings.INSTALLED_APPS
    middleware = [name.rsplit(".", 1)[-1] for name in settings.MIDDLEWARE]
    found = {}
    if "django.contrib.admin" in installed:
        from django.contrib import admin

        found["admin"] = _cell(f"built in: django.contrib.admin, {len(admin.site._registry)} models registered",
                               INSPECTED)
    else:
        found["admin"] = _cell("not installed (add django.contrib.admin)", INSPECTED)
    found["ORM"] = _cell(f"built in, with migrations: {len(apps.get_models())} models in this project (auth's, "
                         "the admin's and sessions' included)", INSPECTED)
    if "django.contrib.auth" in installed:
        extra = ", DRF tokens" if "rest_framework.authtoken" in installed else ""
        found["auth"] = _cell(f"built in: users, groups, permissions{extra}", INSPECTED)
    else:
        found["auth"] = _cell("not installed (add django.contrib.auth)", INSPECTED)
    found.update(_drf_features(installed))
    found["XSS: HTML templates"] = _cell("Django templates autoescape" if _django_autoescapes(settings)
                                         else "no autoescaping Django template engine", INSPECTED)
    found["SQL injection"] = _cell("the ORM binds parameters", STATED)
    found["CSRF (cookie logins only)"] = _cell(
        "on: CsrfViewMiddleware (DRF's SessionAuthentication enforces it)" if "CsrfViewMiddleware" in middleware
        else "off: CsrfViewMiddleware not installed", INSPECTED)
    warnings = _deploy_warnings()
    found["deployment settings"] = _cell(
        f"check --deploy built in: {len(warnings)} security warnings for these settings"
        + (f" ({', '.join(warnings)})" if warnings else ""), INSPECTED)
    from django.core.handlers.asgi import ASGIHandler  # noqa: F401  (present since Django 3.0)

    found["async"] = _cell("ASGI handler built in: Django's async views share one event loop; DRF's views and "
                           "serializers are sync (adrf adds async ones); the ORM's async API runs queries in a "
                           "thread", STATED)
    return found


def feature_matrix(flask_app, django_settings):
    """Return a DataFrame with one row per feature and a Flask and a Django column."""
    import pandas as pd

    flask_column, django_column = flask_features(flask_app), django_features(django_settings)
    return pd.DataFrame({"Flask": [flask_column[f] for f in FEATURES],
                         "Django": [django_column[f] for f in FEATURES]}, index=list(FEATURES))
