"""A correct answer in another style: a Blueprint of class-based MethodViews, the store on the app."""

DESCRIPTION = "correct, different style: Blueprint + MethodView, store in app.extensions, a validation table"
EXPECTED_SCORE = 20.0

ANSWERS = {
    "create_app": '''
import itertools

from flask import Blueprint, Flask, current_app, jsonify, request
from flask.views import MethodView
from werkzeug.exceptions import HTTPException, NotFound

RULES = {
    "name": (lambda v: isinstance(v, str) and v.strip() != "" and len(v) <= 100,
             "A non-blank string of at most 100 characters is required."),
    "price_cents": (lambda v: type(v) is int and v >= 0, "A whole number of cents, 0 or more, is required."),
    "in_stock": (lambda v: type(v) is bool, "Must be a valid boolean."),
}
REQUIRED = ("name", "price_cents")


def product_errors(data, partial=False):
    """Return {field: [messages]} for an invalid product body."""
    if not isinstance(data, dict):
        return {"non_field_errors": ["Expected a JSON object."]}
    errors = {f: [message] for f, (ok, message) in RULES.items() if f in data and not ok(data[f])}
    if not partial:
        errors.update({f: ["This field is required."] for f in REQUIRED if f not in data})
    return errors


def store():
    return current_app.extensions["products"]


class ProductList(MethodView):
    def get(self):
        return jsonify(sorted(store()["items"].values(), key=lambda p: p["id"]))

    def post(self):
        data = request.get_json()
        errors = product_errors(data)
        if errors:
            return jsonify(errors), 400
        product = {"id": next(store()["ids"]), "in_stock": True}
        product.update({f: data[f] for f in RULES if f in data})
        store()["items"][product["id"]] = product
        return jsonify(product), 201


class ProductDetail(MethodView):
    def load(self, product_id):
        try:
            return store()["items"][product_id]
        except KeyError:
            raise NotFound("No product with that id.")

    def get(self, product_id):
        return jsonify(self.load(product_id))

    def put(self, product_id, partial=False):
        product = self.load(product_id)
        data = request.get_json()
        errors = product_errors(data, partial)
        if errors:
            return jsonify(errors), 400
        product.update({f: data[f] for f in RULES if f in data})
        return jsonify(product)

    def patch(self, product_id):
        return self.put(product_id, partial=True)

    def delete(self, product_id):
        self.load(product_id)
        del store()["items"][product_id]
        return "", 204


api = Blueprint("api", __name__, url_prefix="/api")
api.add_url_rule("/products/", view_func=ProductList.as_view("products"))
api.add_url_rule("/products/<int:product_id>/", view_func=ProductDetail.as_view("product"))


@api.app_errorhandler(HTTPException)
def as_json(error):
    kept = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    return {"detail": error.description}, error.code, kept


def create_app():
    """Return a new Flask app serving the Products API, with its own empty store."""
    app = Flask("products")
    app.extensions["products"] = {"items": {}, "ids": itertools.count(1)}
    app.register_blueprint(api)
    return app
''',
}
