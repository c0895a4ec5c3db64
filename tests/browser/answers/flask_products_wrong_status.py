# A typical wrong answer to the Flask exercise: creating a product answers 200, not 201.
from flask import Flask, request


def product_errors(data, partial=False):
    """Return {field: [messages]} for an invalid product body, {} for a valid one (partial: PATCH)."""
    errors = {}
    if "name" in data or not partial:
        name = data.get("name")
        if "name" not in data:
            errors["name"] = ["This field is required."]
        elif not isinstance(name, str):
            errors["name"] = ["Not a valid string."]
        elif not name.strip():
            errors["name"] = ["This field may not be blank."]
        elif len(name) > 100:
            errors["name"] = ["Ensure this field has no more than 100 characters."]
    if "price_cents" in data or not partial:
        price = data.get("price_cents")
        if "price_cents" not in data:
            errors["price_cents"] = ["This field is required."]
        elif isinstance(price, bool) or not isinstance(price, int):
            errors["price_cents"] = ["A valid integer is required."]
        elif price < 0:
            errors["price_cents"] = ["Ensure this value is greater than or equal to 0."]
    if "in_stock" in data and not isinstance(data["in_stock"], bool):
        errors["in_stock"] = ["Must be a valid boolean."]
    return errors


def create_app():
    """Return a new Flask app serving the Products API, with its own empty store."""
    app = Flask(__name__)
    products = {}
    last_id = 0

    def not_found():
        return {"detail": "Not found."}, 404

    def read_body(partial):
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            return None, ({"detail": "The body must be a JSON object."}, 400)
        errors = product_errors(data, partial)
        if errors:
            return None, (errors, 400)
        return {key: data[key] for key in ("name", "price_cents", "in_stock") if key in data}, None

    @app.errorhandler(404)
    def unknown_path(error):
        return not_found()

    @app.errorhandler(405)
    def method_not_allowed(error):
        return {"detail": f"Method {request.method} not allowed."}, 405

    @app.route("/api/products/", methods=["GET", "POST"])
    def product_list():
        nonlocal last_id
        if request.method == "GET":
            return [products[key] for key in sorted(products)]
        fields, problem = read_body(partial=False)
        if problem:
            return problem
        last_id += 1
        product = {"id": last_id, "name": fields["name"], "price_cents": fields["price_cents"],
                   "in_stock": fields.get("in_stock", True)}
        products[last_id] = product
        return product

    @app.route("/api/products/<int:product_id>/", methods=["GET", "PUT", "PATCH", "DELETE"])
    def product_detail(product_id):
        if product_id not in products:
            return not_found()
        if request.method == "GET":
            return products[product_id]
        if request.method == "DELETE":
            del products[product_id]
            return "", 204
        fields, problem = read_body(partial=request.method == "PATCH")
        if problem:
            return problem
        products[product_id].update(fields)
        return products[product_id]

    return app
