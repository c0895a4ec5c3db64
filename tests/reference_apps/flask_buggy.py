"""Buggy variants of the Flask reference solution: each is the reference with one mistake a learner makes.

``fails`` names the contract groups the bug must fail, and no others, so each
group's points go where the bug is. ``SHARED_STORE`` passes every check of a
single app; only ``check_fresh_stores`` catches it.
"""

from apilab.contract import (
    AUTH_READS_PUBLIC,
    AUTH_REQUIRED,
    AUTH_TOKEN_WORKS,
    CREATE,
    DELETE,
    ERRORS,
    FRESH_STORES,
    LIST,
    NOT_FOUND,
    REPLACE,
    UPDATE,
    VALIDATION,
)

from . import flask_products
from .mutation import Variant, build

INPUT_GROUPS = frozenset({VALIDATION, REPLACE, UPDATE})  # a missing validation shows in POST, PUT and PATCH

VARIANTS = [
    Variant("create_answers_200", "POST answers 200 instead of 201",
            (('return jsonify(product), 201', 'return jsonify(product)'),), frozenset({CREATE})),
    Variant("delete_answers_200", "DELETE answers 200 with a message instead of 204",
            (('return "", 204', 'return jsonify(message="Product deleted.")'),), frozenset({DELETE})),
    Variant("negative_price_accepted", "no check that price_cents is 0 or more",
            (('        elif price < 0:\n'
              '            errors["price_cents"] = ["Ensure this value is greater than or equal to 0."]\n', ''),),
            INPUT_GROUPS),
    Variant("whitespace_name_accepted", "a name of spaces counts as not blank",
            (('elif not name.strip():', 'elif name == "":'),), INPUT_GROUPS),
    Variant("long_name_accepted", "no check of the name's length",
            (('        elif len(name) > NAME_MAX_LENGTH:\n'
              '            errors["name"] = [f"Ensure this field has no more than {NAME_MAX_LENGTH} characters."]\n',
              ''),), INPUT_GROUPS),
    Variant("name_limit_off_by_one", "a name of exactly 100 characters is refused",
            (('elif len(name) > NAME_MAX_LENGTH:', 'elif len(name) >= NAME_MAX_LENGTH:'),), frozenset({CREATE})),
    Variant("fractional_price_accepted", "price_cents may be any number, 9.5 included",
            (('if not isinstance(price, int) or isinstance(price, bool):',
              'if not isinstance(price, (int, float)) or isinstance(price, bool):'),), INPUT_GROUPS),
    Variant("html_404", "JSON error handlers for 400 and 405 but not 404: Flask's HTML page",
            (('    @app.errorhandler(HTTPException)\n', '    @app.errorhandler(400)\n    @app.errorhandler(405)\n'),),
            frozenset({NOT_FOUND})),
    Variant("html_405", "JSON error handlers for 400 and 404 but not 405: Flask's HTML page",
            (('    @app.errorhandler(HTTPException)\n', '    @app.errorhandler(400)\n    @app.errorhandler(404)\n'),),
            frozenset({ERRORS})),
    Variant("allow_dropped", "the JSON error handler makes a new answer, dropping the error's headers: no Allow",
            (('        response = error.get_response()\n',
              '        response = jsonify()\n        response.status_code = error.code\n'),),
            frozenset({ERRORS})),
    Variant("ids_reused", "the next id is the largest id + 1, so deleting the last product frees its id",
            (('"id": next(new_ids),', '"id": max(products, default=0) + 1,'),), frozenset({DELETE})),
    Variant("client_fields_kept", "the product is built from the whole body: a sent id and unknown fields stick",
            (('        product = {\n            "id": next(new_ids),\n',
              '        product = {\n            "id": next(new_ids),\n            **data,\n'),),
             frozenset({CREATE})),
    Variant("patch_validates_as_put", "PATCH validates like PUT, so it needs every field",
            (('errors = validation_errors(data, partial=request.method == "PATCH")',
              'errors = validation_errors(data)'),), frozenset({UPDATE})),
    Variant("patch_resets_in_stock", "an update that leaves out in_stock sets it back to true",
            (('        return jsonify(product)\n\n    @app.delete',
              '        product["in_stock"] = data.get("in_stock", True)\n'
              '        return jsonify(product)\n\n    @app.delete'),), frozenset({UPDATE})),
    Variant("changes_before_validating", "PUT and PATCH change the product, then validate",
            (('        errors = validation_errors(data, partial=request.method == "PATCH")\n'
              '        if errors:\n            return jsonify(errors), 400\n'
              '        product.update({field: data[field] for field in FIELDS if field in data})\n',
              '        product.update({field: data[field] for field in FIELDS if field in data})\n'
              '        errors = validation_errors(data, partial=request.method == "PATCH")\n'
              '        if errors:\n            return jsonify(errors), 400\n'),), frozenset({REPLACE, UPDATE})),
    Variant("list_ordered_by_name", "the list is sorted by name instead of id",
            (('sorted(products)', 'sorted(products, key=lambda key: products[key]["name"])'),), frozenset({LIST})),
    Variant("non_object_body_500", "no check that the body is a JSON object: 42 or null crash with a 500",
            (('    if not isinstance(data, dict):\n'
              '        return {"non_field_errors": ["Invalid data. Expected a JSON object."]}\n', ''),),
            INPUT_GROUPS),
    Variant("json_errors_typed_html", "error bodies are JSON text sent as Content-Type: text/html",
            (('        response.content_type = "application/json"\n',
              '        response.content_type = "text/html"\n'),),
            frozenset({NOT_FOUND, ERRORS})),
    Variant("updates_store_unknown_fields", "PUT and PATCH copy every field of the body but id into the product",
            (('product.update({field: data[field] for field in FIELDS if field in data})',
              'product.update({key: value for key, value in data.items() if key != "id"})'),),
            frozenset({REPLACE, UPDATE})),
    Variant("broken_json_500", "POST reads the body with json.loads, so a body that is not JSON is a 500",
            (('import itertools\n', 'import itertools\nimport json\n'),
             ('        data = request.get_json()\n        errors = validation_errors(data)\n',
              '        data = json.loads(request.data)\n        errors = validation_errors(data)\n')),
            frozenset({ERRORS})),
    Variant("list_as_text", "the list is returned as a json.dumps string, so Flask says text/html",
            (('import itertools\n', 'import itertools\nimport json\n'),
             ('return jsonify([products[key] for key in sorted(products)])',
              'return json.dumps([products[key] for key in sorted(products)])')), frozenset({ERRORS})),
    Variant("shared_store", "the store is a module-level dict shared by every app",
            (('    products = {}\n    new_ids = itertools.count(1)\n', ''),
             ('WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")\n',
              'WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")\nproducts = {}\nnew_ids = itertools.count(1)\n')),
            frozenset({FRESH_STORES})),
    Variant("no_www_authenticate", "401 without a WWW-Authenticate header",
            (('return jsonify(detail=detail), 401, {"WWW-Authenticate": "Token"}',
              'return jsonify(detail=detail), 401'),), frozenset({AUTH_REQUIRED}), part="B"),
    Variant("any_token_accepted", "any Token header is let in, valid or not",
            (('if scheme == "Token" and key in tokens:', 'if scheme == "Token":'),),
             frozenset({AUTH_REQUIRED}), part="B"),
    Variant("reads_need_token", "reads need a token too",
            (('if tokens is None or request.method not in WRITE_METHODS:', 'if tokens is None:'),),
             frozenset({AUTH_READS_PUBLIC}), part="B"),
    Variant("bearer_scheme", "expects 'Bearer <key>' instead of 'Token <key>'",
            (('if scheme == "Token" and key in tokens:', 'if scheme == "Bearer" and key in tokens:'),),
             # No product can be created, so refusals and public reads have nothing to be checked on.
             frozenset({AUTH_REQUIRED, AUTH_READS_PUBLIC, AUTH_TOKEN_WORKS}), part="B"),
]

SHARED_STORE = next(variant for variant in VARIANTS if variant.name == "shared_store")


def create_app_of(variant: Variant):
    """The variant's create_app function."""
    return build(flask_products, variant).create_app
