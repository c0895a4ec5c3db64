"""The feature matrix reads a Flask app and the Django project, threat by threat, and says how it knows."""

import pytest
from flask import Flask

import apilab
from apilab.lessons.feature_matrix import (
    FEATURES,
    INSPECTED,
    STATED,
    django_features,
    feature_matrix,
    flask_features,
)


def test_a_bare_flask_app_has_no_admin_orm_auth_or_csrf_and_says_it_looked():
    found = flask_features(Flask("bare"))
    assert all(found[feature].startswith("none: add") for feature in ("admin", "ORM", "auth"))
    assert found["CSRF (cookie logins only)"].startswith("none registered")
    assert found["XSS: HTML templates"] == f"Jinja autoescapes .html templates {INSPECTED}"
    assert found["SQL injection"].endswith(INSPECTED) and "no database library" in found["SQL injection"]


def test_an_extension_registered_on_the_app_is_found(tmp_path):
    from flask_sqlalchemy import SQLAlchemy

    app = Flask("with-orm")
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    SQLAlchemy().init_app(app)
    app.extensions["csrf"] = object()  # where Flask-WTF's CSRFProtect registers itself (not installed here)
    found = flask_features(app)
    assert found["ORM"] == f"extension: Flask-SQLAlchemy {INSPECTED}"
    assert found["SQL injection"] == f"SQLAlchemy binds parameters (Flask-SQLAlchemy registered) {STATED}"
    assert found["CSRF (cookie logins only)"].startswith("extension: Flask-WTF")


def test_turning_autoescape_off_shows_in_the_matrix():
    app = Flask("unescaped")
    app.jinja_env.autoescape = False
    assert flask_features(app)["XSS: HTML templates"].startswith("templates do not autoescape")


def test_the_course_django_project_has_every_battery_and_runs_the_deployment_checks():
    from django.core import checks

    found = django_features(apilab.setup_django())
    assert found["admin"].startswith("built in") and "models registered" in found["admin"]
    assert "DRF tokens" in found["auth"] and found["CSRF (cookie logins only)"].startswith("on: CsrfViewMiddleware")
    warnings = {message.id for message in checks.run_checks(include_deployment_checks=True,
                                                            tags=[checks.Tags.security])}
    assert f"{len(warnings)} security warnings" in found["deployment settings"]


def test_every_cell_says_how_it_is_known():
    matrix = feature_matrix(Flask("bare"), apilab.setup_django())
    assert list(matrix.index) == list(FEATURES) and list(matrix.columns) == ["Flask", "Django"]
    assert all(cell.endswith((INSPECTED, STATED)) for cell in matrix.to_numpy().ravel())


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="Flask app"):
        flask_features("not an app")


def test_the_api_features_are_read_from_the_app_and_from_drfs_settings():
    from django.test import override_settings
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    app = Flask("limited")
    Limiter(get_remote_address, app=app, storage_uri="memory://")
    assert flask_features(app)["rate limiting"] == f"extension: Flask-Limiter {INSPECTED}"
    assert flask_features(Flask("bare"))["rate limiting"].startswith("none registered")
    settings = apilab.setup_django()
    with override_settings(REST_FRAMEWORK={"UNAUTHENTICATED_USER": None,
                                           "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
                                           "DEFAULT_THROTTLE_RATES": {"anon": "5/minute"}}):
        assert "AnonRateThrottle" in django_features(settings)["rate limiting"]
    assert "none set in these settings" in django_features(settings)["rate limiting"]
