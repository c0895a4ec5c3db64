"""The Products API in Flask, ready made, for lessons that test or protect it rather than build it.

``create_flask_app()`` is the contract's API written with function views and a
marshmallow schema, as the Up-The-Abstraction-Ladder lesson builds it, with
two places to change it:

- ``schema_class``: the schema that validates bodies (the Testing-An-API
  lesson passes one with a rule missing, a deliberately broken build);
- ``protect``: a decorator put on every view that writes (POST, PUT, PATCH,
  DELETE), such as Flask-HTTPAuth's ``auth.login_required`` in the
  Authentication-And-Permissions lesson.

Each call returns a new app with its own store: a ``ProductStore`` made for it,
or the one passed as ``store``, so that code outside the app (a permission
rule that needs the product a request is about, a test) reads the same
products. The DRF build is in ``products_drf_build``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from flask import Flask, abort, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from werkzeug.exceptions import HTTPException


def not_blank(value: str) -> None:
    """Refuse a name of spaces only; a name with spaces around it is kept as sent."""
    if not value.strip():
        raise ValidationError("Must not be blank.")


class ProductSchema(Schema):
    """A product as the contract defines it: name 1-100 characters and not blank, price_cents >= 0."""

    class Meta:
        unknown = EXCLUDE  # unknown fields and a client-sent id are ignored

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=[validate.Length(min=1, max=100),
                                                  not_blank])
    price_cents = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    in_stock = fields.Boolean(load_default=True)


class ProductStore:
    """The products of one app: a dict of id to product, and ids that are never reused."""

    def __init__(self) -> None:
        self.products: dict[int, dict] = {}
        self._new_ids = itertools.count(1)

    def new_id(self) -> int:
        return next(self._new_ids)

    def get(self, product_id: int) -> dict | None:
        return self.products.get(product_id)


def _unchanged(view: Callable) -> Callable:
    return view


def create_flask_app(schema_class: type[Schema] = ProductSchema, protect: Callable | None = None,
                     store: ProductStore | None = None) -> Flask:
    """Return a new Flask app serving the Products API (writes wrapped in ``protect``, when given)."""
    app = Flask("products")
    store = store if store is not None else ProductStore()
    products = store.products
    schema = schema_class()
    guarded = protect or _unchanged

    def find(product_id: int) -> dict:
        if product_id not in products:
            abort(404, "No product with this id.")
        return products[product_id]

    @app.get("/api/products/")
    def list_products():
        return [products[key] for key in sorted(products)]

    @app.post("/api/products/")
    @guarded
    def create_product():
        product = {"id": store.new_id(), **schema.load(request.get_json())}
        products[product["id"]] = product
        return product, 201

    @app.get("/api/products/<int:product_id>/")
    def get_product(product_id):
        return find(product_id)

    @app.route("/api/products/<int:product_id>/", methods=["PUT", "PATCH"])
    @guarded
    def change_product(product_id):
        product = find(product_id)
        product.update(schema.load(request.get_json(), partial=request.method == "PATCH"))
        return product

    @app.delete("/api/products/<int:product_id>/")
    @guarded
    def delete_product(product_id):
        del products[find(product_id)["id"]]
        return "", 204

    @app.errorhandler(ValidationError)
    def invalid_fields(error):
        return error.messages, 400

    @app.errorhandler(HTTPException)  # 400 bad JSON, 404, 405, 415 not JSON: JSON, not HTML
    def http_error(error):
        # The error's own headers (Allow of a 405, WWW-Authenticate of a 401) are kept, not its HTML type.
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return {"detail": error.description}, error.code, headers

    return app
