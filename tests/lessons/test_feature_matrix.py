"""The feature matrix reads a Flask app's extensions and the Django project's apps and middleware."""

import pytest
from flask import Flask

import apilab
from apilab.lessons.feature_matrix import FEATURES, django_features, feature_matrix, flask_features


def test_a_bare_flask_app_has_no_admin_orm_or_auth():
    found = flask_features(Flask("bare"))
    assert all(found[feature].startswith("none: add") for feature in ("admin", "ORM", "auth"))
    assert "no CSRF protection" in found["security"] and "autoescape" in found["security"]


def test_an_extension_registered_on_the_app_is_found(tmp_path):
    from flask_sqlalchemy import SQLAlchemy

    app = Flask("with-orm")
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    SQLAlchemy().init_app(app)
    assert flask_features(app)["ORM"] == "extension: Flask-SQLAlchemy"


def test_the_course_django_project_has_every_battery():
    found = django_features(apilab.setup_django())
    assert found["admin"].startswith("built in") and "models registered" in found["admin"]
    assert "DRF tokens" in found["auth"] and "CsrfViewMiddleware" in found["security"]


def test_the_matrix_has_one_row_per_feature():
    matrix = feature_matrix(Flask("bare"), apilab.setup_django())
    assert list(matrix.index) == list(FEATURES) and list(matrix.columns) == ["Flask", "Django"]


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="Flask app"):
        flask_features("not an app")
