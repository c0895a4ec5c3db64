"""A feature matrix of a Flask app and a Django project, read from the live objects.

``feature_matrix(flask_app, django_settings)`` answers, for admin, ORM, auth,
security and async, what *this* Flask app and *this* Django project have,
with the evidence it found (extensions registered on the app, installed apps,
middleware, registered models, the ASGI handler), so the comparison a lesson
shows is derived from what it built, not typed.
"""

from __future__ import annotations

import importlib.util

FEATURES = ("admin", "ORM", "auth", "security", "async")

# Extension keys (``app.extensions``) that give a Flask app each feature, with the library's name.
FLASK_EXTENSIONS = {
    "admin": {"admin": "Flask-Admin"},
    "ORM": {"sqlalchemy": "Flask-SQLAlchemy"},
    "auth": {"security": "Flask-Security", "flask-jwt-extended": "Flask-JWT-Extended", "login_manager": "Flask-Login"},
    "security": {"csrf": "Flask-WTF (CSRF)"},
}
SUGGESTED = {"admin": "Flask-Admin", "ORM": "Flask-SQLAlchemy", "auth": "Flask-Login or Flask-JWT-Extended",
             "security": "Flask-WTF for CSRF"}


def _flask_extension(app, feature: str) -> str | None:
    found = [name for key, name in FLASK_EXTENSIONS[feature].items()
             if key in app.extensions or (key == "login_manager" and hasattr(app, "login_manager"))]
    return ", ".join(found) or None


def flask_features(app) -> dict[str, str]:
    """Describe each feature of a Flask app: the extension providing it, or what to add."""
    from flask import Flask

    if not isinstance(app, Flask):
        raise TypeError(f"flask_features() needs a Flask app, got {type(app).__name__}")
    found = {}
    for feature in ("admin", "ORM", "auth"):
        extension = _flask_extension(app, feature)
        found[feature] = f"extension: {extension}" if extension else f"none: add {SUGGESTED[feature]}"
    escapes = bool(app.jinja_env.autoescape("page.html")) if callable(app.jinja_env.autoescape) \
        else bool(app.jinja_env.autoescape)
    csrf = _flask_extension(app, "security")
    found["security"] = "; ".join([
        "templates autoescape (.html)" if escapes else "templates do not autoescape",
        f"CSRF: {csrf}" if csrf else f"no CSRF protection: add {SUGGESTED['security']}",
        "SQL parameters: up to the database library you chose",
    ])
    async_views = importlib.util.find_spec("asgiref") is not None
    found["async"] = ("async def views run, each in its own event loop, under WSGI (no ASGI server)"
                      if async_views else "async def views need 'flask[async]' (asgiref)")
    return found


def django_features(settings) -> dict[str, str]:
    """Describe each feature of the configured Django project, from its apps, middleware and models."""
    from django.apps import apps

    if not getattr(settings, "configured", False):
        raise ValueError("django_features() needs configured settings: call apilab.setup_django() first")
    installed = settings.INSTALLED_APPS
    middleware = [name.rsplit(".", 1)[-1] for name in settings.MIDDLEWARE]
    found = {}
    if "django.contrib.admin" in installed:
        from django.contrib import admin

        found["admin"] = f"built in: django.contrib.admin, {len(admin.site._registry)} models registered"
    else:
        found["admin"] = "not installed (add django.contrib.admin)"
    found["ORM"] = f"built in: {len(apps.get_models())} models, with migrations"
    if "django.contrib.auth" in installed:
        extra = ", DRF tokens" if "rest_framework.authtoken" in installed else ""
        found["auth"] = f"built in: users, groups, permissions{extra}"
    else:
        found["auth"] = "not installed (add django.contrib.auth)"
    protections = [name for name in ("CsrfViewMiddleware", "SecurityMiddleware", "XFrameOptionsMiddleware")
                   if name in middleware]
    found["security"] = "; ".join([
        "templates autoescape", f"middleware: {', '.join(protections) or 'none'}", "ORM sends SQL parameters",
    ])
    from django.core.handlers.asgi import ASGIHandler  # noqa: F401  (present since Django 3.0)

    found["async"] = "ASGI handler built in (django.core.asgi); async views and ORM calls"
    return found


def feature_matrix(flask_app, django_settings):
    """Return a DataFrame with one row per feature and a Flask and a Django column."""
    import pandas as pd

    flask_column, django_column = flask_features(flask_app), django_features(django_settings)
    return pd.DataFrame({"Flask": [flask_column[f] for f in FEATURES],
                         "Django": [django_column[f] for f in FEATURES]}, index=list(FEATURES))
