"""The correct answer to 01-flask-api's ``create_app`` cell: a dict store per app, validation like DRF's."""

FLASK_API = '''
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException


def product_errors(data, partial=False):
    """Return {field: [messages]} for an invalid product body, {} for a valid one (partial: PATCH)."""
    if not isinstance(data, dict):
        return {"non_field_errors": ["Invalid data. Expected a JSON object."]}
    errors = {}
    if "name" in data:
        name = data["name"]
        if not isinstance(name, str):
            errors["name"] = ["Not a valid string."]
        elif not name.strip():
            errors["name"] = ["This field may not be blank."]
        elif len(name) > 100:
            errors["name"] = ["Ensure this field has no more than 100 characters."]
    elif not partial:
        errors["name"] = ["This field is required."]
    if "price_cents" in data:
        price = data["price_cents"]
        if isinstance(price, bool) or not isinstance(price, int):
            errors["price_cents"] = ["A valid integer is required."]
        elif price < 0:
            errors["price_cents"] = ["Ensure this value is greater than or equal to 0."]
    elif not partial:
        errors["price_cents"] = ["This field is required."]
    if "in_stock" in data and not isinstance(data["in_stock"], bool):
        errors["in_stock"] = ["Must be a valid boolean."]
    return errors


def create_app():
    """Return a new Flask app serving the Products API, with its own empty store."""
    app = Flask(__name__)
    products = {}  # id -> product, this app's own store
    last_id = 0

    @app.errorhandler(HTTPException)
    def json_error(error):
        """Answer 400, 404, 405 ... with {"detail": ...} instead of Flask's HTML page."""
        return jsonify(detail=error.description), error.code

    def find(product_id):
        if product_id not in products:
            return None, (jsonify(detail="Not found."), 404)
        return products[product_id], None

    @app.route("/api/products/", methods=["GET", "POST"])
    def product_list():
        nonlocal last_id
        if request.method == "GET":
            return jsonify([products[key] for key in sorted(products)])
        data = request.get_json()  # a body that is not JSON: 400, answered by json_error
        errors = product_errors(data)
        if errors:
            return jsonify(errors), 400
        last_id += 1
        product = {"id": last_id, "name": data["name"], "price_cents": data["price_cents"],
                   "in_stock": data.get("in_stock", True)}
        products[last_id] = product
        return jsonify(product), 201

    @app.route("/api/products/<int:product_id>/", methods=["GET", "PUT", "PATCH", "DELETE"])
    def product_detail(product_id):
        product, missing = find(product_id)
        if missing:
            return missing
        if request.method == "GET":
            return jsonify(product)
        if request.method == "DELETE":
            del products[product_id]
            return "", 204
        data = request.get_json()
        errors = product_errors(data, partial=request.method == "PATCH")
        if errors:
            return jsonify(errors), 400
        for field in ("name", "price_cents", "in_stock"):
            if field in data:
                product[field] = data[field]
        return jsonify(product)

    return app
'''
