"""Self-checks of lesson Flask-The-Lightweight-Choice: "not done yet", all passed, hints on wrong answers."""

import itertools

import pytest
from flask import Blueprint, Flask, abort, request, url_for
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from werkzeug.exceptions import HTTPException

from apilab.lessons.practice.flask_basics import check_created_location, check_delete_route, check_not_found_json


def json_errors(app, keep_headers=True):
    @app.errorhandler(HTTPException)
    def json_error(error):
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return {"detail": error.description}, error.code, headers if keep_headers else []


def create_lookup_app(products, keep_headers=True):
    app = Flask("lookup-test")

    @app.get("/api/products/<int:product_id>/")
    def get_product(product_id):
        return products[product_id] if product_id in products else abort(404)

    json_errors(app, keep_headers)
    return app


def create_located_app(location=True, shared=None):
    app = Flask("located-test")
    products, ids = ({}, itertools.count(1)) if shared is None else shared

    @app.get("/api/products/")
    def list_products():
        return list(products.values())

    @app.get("/api/products/<int:product_id>/")
    def get_product(product_id):
        return products[product_id] if product_id in products else abort(404)

    @app.post("/api/products/")
    def create_product():
        product = {"id": next(ids), **request.get_json()} if shared else \
            {"id": next(ids), "name": request.get_json()["name"], "price_cents": request.get_json()["price_cents"]}
        products[product["id"]] = product
        headers = {"Location": url_for("get_product", product_id=product["id"], _external=True)} if location else {}
        return product, 201, headers

    return app


@pytest.fixture
def database(tmp_path):
    class Base(DeclarativeBase):
        pass

    db = SQLAlchemy(model_class=Base)

    class Row(db.Model):
        __tablename__ = "products"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str]
        price_cents: Mapped[int]

    def create_app(delete_status=204):
        blueprint = Blueprint("rows", __name__)

        @blueprint.delete("/products/<int:product_id>/")
        def delete_row(product_id):
            row = db.session.get(Row, product_id)
            if row is None:
                return {"detail": "Not found."}, 404
            if delete_status == 204:
                db.session.delete(row)
                db.session.commit()
            return "", delete_status

        app = Flask("delete-test")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'rows.sqlite3'}"
        db.init_app(app)
        app.register_blueprint(blueprint, url_prefix="/api")
        return app

    setup = create_app()
    with setup.app_context():
        db.create_all()
        kettle = Row(name="Kettle", price_cents=4200)
        db.session.add(kettle)
        db.session.commit()
        kettle_id = kettle.id
    return db, Row, create_app, kettle_id


def test_the_templates_are_not_done_yet(capsys, database):
    db, row_class, _, kettle_id = database

    def stub(*args):
        ...

    assert check_not_found_json(stub) is None
    assert check_created_location(stub) is None
    assert check_delete_route(None, db, row_class, kettle_id) is None
    out = capsys.readouterr().out
    assert out.count("not done yet") == 3 and "✗" not in out


def test_the_model_answers_pass(capsys, database):
    db, row_class, create_app, kettle_id = database
    assert check_not_found_json(create_lookup_app) == 0
    assert check_created_location(create_located_app) == 0
    app = create_app()
    app.test_client().delete(f"/api/products/{kettle_id}/")
    assert check_delete_route(app, db, row_class, kettle_id) == 0
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 3 and "✗" not in out


def test_wrong_answers_get_hints(capsys, database):
    assert check_not_found_json(lambda products: create_lookup_app(products, keep_headers=False)) == 1
    assert "✗ a method the path does not take: 405, JSON detail, and its Allow header" in capsys.readouterr().out
    shared = ({}, itertools.count(1))
    assert check_created_location(lambda: create_located_app(location=False, shared=shared)) == 4
    out = capsys.readouterr().out
    assert "✗ the answer has a Location header" in out
    assert "✗ a client-sent id or unknown field is not stored" in out
    assert "✗ a second app starts empty" in out and "keep the store inside the factory" in out
    db, row_class, create_app, kettle_id = database
    assert check_delete_route(create_app(delete_status=200), db, row_class, kettle_id) == 4
    out = capsys.readouterr().out
    assert "✗ deleting a product answers 204" in out and "✗ the Kettle you created is deleted" in out
    with create_app().app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(row_class)) == 1   # the check's row is gone


def test_an_app_that_raises_gets_a_failed_point_not_a_traceback(capsys, database):
    def broken(*args):
        raise RuntimeError("half written")

    assert check_not_found_json(broken) == 1
    assert check_created_location(broken) == 1
    db, row_class, _, kettle_id = database
    assert check_delete_route("an app", db, row_class, kettle_id) == 1
    out = capsys.readouterr().out
    assert out.count("RuntimeError: half written") == 2 and "is a str" in out


def quiet_flask_logs_as_in_a_notebook(monkeypatch):
    """Without pytest's log handlers Flask logs a raising view to the request's errors stream, as in a notebook."""
    import logging

    monkeypatch.setattr(logging.root, "handlers", [])


def test_raising_views_are_named_and_nothing_reaches_stderr(capsys, monkeypatch, database):
    quiet_flask_logs_as_in_a_notebook(monkeypatch)

    def lookup(products):
        app = Flask("raising-lookup")
        app.add_url_rule("/api/products/<int:product_id>/", view_func=lambda product_id: products["x"])
        return app

    def located():
        app = Flask("raising-located")
        app.add_url_rule("/api/products/", view_func=lambda: 1 / 0, methods=["GET", "POST"])
        return app

    assert check_not_found_json(lookup) == 5
    out = capsys.readouterr()
    assert "✗ GET /api/products/7/ answers that product: your view raised KeyError: 'x'" in out.out
    assert out.err == ""
    assert check_created_location(located) == 5
    out = capsys.readouterr()
    assert "✗ POST /api/products/ answers 201: your view raised ZeroDivisionError: division by zero" in out.out
    assert "✗ a client-sent id or unknown field is not stored: the product must be created (201) first" in out.out
    assert out.err == ""


def test_a_view_that_never_answers_is_a_failed_point_in_time(capsys):
    import threading
    import time

    release = threading.Event()

    def waiting(products):
        app = Flask("waiting-lookup")
        app.add_url_rule("/api/products/<int:product_id>/", view_func=lambda product_id: release.wait(30) and {})
        return app

    started = time.monotonic()
    try:
        assert check_not_found_json(waiting) == 1
    finally:
        release.set()
    assert time.monotonic() - started < 20
    assert "✗ the app answers: no answer within 5 s" in capsys.readouterr().out


def test_the_not_found_probe_cannot_change_the_sample(capsys):
    from apilab.lessons.practice.flask_basics import SAMPLE

    def spoiling(products):
        products[7]["price_cents"] = 0
        return create_lookup_app(products)

    check_not_found_json(spoiling)
    assert SAMPLE[7]["price_cents"] == 900


def test_app_v2_on_another_database_is_named_and_the_kettle_is_looked_up_in_the_lessons(capsys, database, tmp_path):
    db, row_class, create_app, kettle_id = database
    lesson_file = tmp_path / "rows.sqlite3"
    other = Flask("other-database")
    other.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    db.init_app(other)
    assert check_delete_route(other, db, row_class, kettle_id, database_file=str(lesson_file)) == 1
    assert "✗ `app_v2` uses the lesson's database" in capsys.readouterr().out
    app = create_app()
    assert check_delete_route(app, db, row_class, kettle_id, database_file=str(lesson_file)) == 1
    assert "✗ the Kettle you created is deleted" in capsys.readouterr().out
    app.test_client().delete(f"/api/products/{kettle_id}/")
    assert check_delete_route(app, db, row_class, kettle_id, database_file=str(lesson_file)) == 0


def test_no_hint_is_long(capsys):
    def long_types(products):
        app = Flask("long-types")

        @app.errorhandler(404)
        def not_found(error):
            return "<html>" + "x" * 400 + "</html>", 404, {"Content-Type": "text/html; x=" + "y" * 300}

        return app

    check_not_found_json(long_types)
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line) <= 200 for line in lines)
