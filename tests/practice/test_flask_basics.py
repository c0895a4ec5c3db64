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
