"""The Products API in Flask, ready made, for lessons that test or protect it rather than build it.

``create_flask_app()`` is the contract's API written with function views and a
marshmallow schema, as the Up-The-Abstraction-Ladder lesson builds it, with
two places to change it:

- ``schema_class``: the schema that validates bodies (the Testing-An-API
  lesson passes one with a rule missing, a deliberately broken build);
- ``protect``: a decorator put on every view that writes (POST, PUT, PATCH,
  DELETE), such as Flask-HTTPAuth's ``auth.login_required`` in the
  Authentication-And-Permissions lesson.

Each call returns a new app with its own store, also reachable as
``app.extensions["products"]`` (a dict of id to product) for checks that need
the product a request is about. The DRF build is in ``products_drf_build``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from flask import Flask, abort, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from werkzeug.exceptions import HTTPException


class ProductSchema(Schema):
    """A product as the contract defines it: name 1-100 characters and not blank, price_cents >= 0."""

    class Meta:
        unknown = EXCLUDE  # unknown fields and a client-sent id are ignored

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=[validate.Length(min=1, max=100),
                                                  validate.Regexp(r"\S", error="Must not be blank.")])
    price_cents = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    in_stock = fields.Boolean(load_default=True)


def _unchanged(view: Callable) -> Callable:
    return view


def create_flask_app(schema_class: type[Schema] = ProductSchema, protect: Callable | None = None) -> Flask:
    """Return a new Flask app serving the Products API (writes wrapped in ``protect``, when given)."""
    app = Flask("products")
    products: dict[int, dict] = {}
    new_ids = itertools.count(1)
    schema = schema_class()
    guarded = protect or _unchanged
    app.extensions["products"] = products

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
        product = {"id": next(new_ids), **schema.load(request.get_json(force=True))}
        products[product["id"]] = product
        return product, 201

    @app.get("/api/products/<int:product_id>/")
    def get_product(product_id):
        return find(product_id)

    @app.route("/api/products/<int:product_id>/", methods=["PUT", "PATCH"])
    @guarded
    def change_product(product_id):
        product = find(product_id)
        product.update(schema.load(request.get_json(force=True), partial=request.method == "PATCH"))
        return product

    @app.delete("/api/products/<int:product_id>/")
    @guarded
    def delete_product(product_id):
        del products[find(product_id)["id"]]
        return "", 204

    @app.errorhandler(ValidationError)
    def invalid_fields(error):
        return error.messages, 400

    @app.errorhandler(HTTPException)  # 400 bad JSON, 404, 405: JSON, not HTML
    def http_error(error):
        # The error's own headers (Allow of a 405, WWW-Authenticate of a 401) are kept, not its HTML type.
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return {"detail": error.description}, error.code, headers

    return app
