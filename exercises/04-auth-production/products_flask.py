"""Part A of the Products API in Flask, given to you: ``create_products_app()``.

Every call returns a new Flask app with its own, empty store, serving the CRUD
endpoints of the contract with no authentication. Assignment 4 adds the
authentication on top of it; your own solution of assignment 1 works as well.
"""

import itertools

from flask import Flask, abort, jsonify, request
from werkzeug.exceptions import HTTPException

NAME_MAX_LENGTH = 100


def validation_errors(data, partial=False):
    """Return Django REST Framework-shaped errors {field: [messages]} for a product body ({} when valid)."""
    if not isinstance(data, dict):
        return {"non_field_errors": ["Invalid data. Expected a JSON object."]}
    errors = {}
    if "name" in data:
        name = data["name"]
        if not isinstance(name, str):
            errors["name"] = ["Not a valid string."]
        elif not name.strip():
            errors["name"] = ["This field may not be blank."]
        elif len(name) > NAME_MAX_LENGTH:
            errors["name"] = [f"Ensure this field has no more than {NAME_MAX_LENGTH} characters."]
    elif not partial:
        errors["name"] = ["This field is required."]
    if "price_cents" in data:
        price = data["price_cents"]
        if not isinstance(price, int) or isinstance(price, bool):
            errors["price_cents"] = ["A valid integer is required."]
        elif price < 0:
            errors["price_cents"] = ["Ensure this value is greater than or equal to 0."]
    elif not partial:
        errors["price_cents"] = ["This field is required."]
    if "in_stock" in data and not isinstance(data["in_stock"], bool):
        errors["in_stock"] = ["Must be a valid boolean."]
    return errors


def create_products_app():
    """Return a new Flask app serving Part A of the Products API, with its own empty store."""
    app = Flask(__name__)
    products = {}
    new_ids = itertools.count(1)

    @app.errorhandler(HTTPException)
    def json_error(error):
        """Answer every HTTP error (404, 405, a body that is not JSON ...) with a JSON detail."""
        response = error.get_response()
        response.set_data(jsonify(detail=error.description).get_data())
        response.content_type = "application/json"
        return response

    def find(product_id):
        if product_id not in products:
            abort(404, description="Not found.")
        return products[product_id]

    @app.get("/api/products/")
    def list_products():
        return jsonify([products[key] for key in sorted(products)])

    @app.post("/api/products/")
    def create_product():
        data = request.get_json()
        errors = validation_errors(data)
        if errors:
            return jsonify(errors), 400
        product = {
            "id": next(new_ids),
            "name": data["name"],
            "price_cents": data["price_cents"],
            "in_stock": data.get("in_stock", True),
        }
        products[product["id"]] = product
        return jsonify(product), 201

    @app.get("/api/products/<int:product_id>/")
    def retrieve_product(product_id):
        return jsonify(find(product_id))

    @app.route("/api/products/<int:product_id>/", methods=["PUT", "PATCH"])
    def update_product(product_id):
        product = find(product_id)
        data = request.get_json()
        errors = validation_errors(data, partial=request.method == "PATCH")
        if errors:
            return jsonify(errors), 400
        product.update({field: data[field] for field in ("name", "price_cents", "in_stock") if field in data})
        return jsonify(product)

    @app.delete("/api/products/<int:product_id>/")
    def delete_product(product_id):
        find(product_id)
        del products[product_id]
        return "", 204

    return app
