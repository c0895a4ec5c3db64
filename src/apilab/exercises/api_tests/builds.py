"""The builds a learner's test suite meets in exercise 5: two correct ones, and ten with one bug each.

The correct builds are the course's ready-made Products API in Flask
(``apilab.lessons.products_builds``) and in DRF (``products_drf_build``); a
suite must pass on both. Each buggy build is the Flask one with one mistake a
learner makes, named by what it gets wrong; a suite earns points for each one
it fails on. More buggy builds are kept in the instructor's copy of the
exercise (``solutions/05-api-tests/hidden_builds.py``, which nbgrader never
releases): functions returning the app, run by the grader only.

Every build is made fresh for each test (``builds_server`` calls its maker
again), so a build's store starts empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

CORRECT = ("flask", "drf")  # the correct builds, by name


@dataclass(frozen=True)
class Bug:
    """One buggy build: its name, what it gets wrong (in words, for the feedback), and how it is made."""

    name: str
    what: str
    make: Callable


def _flask(**options):
    from apilab.lessons.products_builds import create_flask_app

    return create_flask_app(**options)


def _schema(**changed):
    """The course's product schema with some of its fields replaced (a rule left out)."""
    from apilab.lessons.products_builds import ProductSchema

    return type("ChangedProductSchema", (ProductSchema,), changed)


def _after(change: Callable) -> Callable:
    """A build: the Flask build with ``change(response, request)`` applied to every response."""
    def make():
        from flask import request

        app = _flask()

        @app.after_request
        def planted(response):
            return change(response, request) or response

        return app
    return make


def _post_answers_200(response, request):
    if request.method == "POST" and response.status_code == 201:
        response.status_code = 200


def _delete_answers_200(response, request):
    if request.method == "DELETE" and response.status_code == 204:
        response.status_code = 200
        response.set_data('{"message": "Product deleted."}')
        response.mimetype = "application/json"


def _missing_as_html(response, request):
    if response.status_code == 404:
        response.set_data("<!doctype html><title>404 Not Found</title><h1>Not Found</h1>")
        response.mimetype = "text/html"


def _no_allow_header(response, request):
    if response.status_code == 405:
        response.headers.pop("Allow", None)


def _negative_price_accepted():
    from marshmallow import fields

    return _flask(schema_class=_schema(price_cents=fields.Integer(required=True, strict=True)))


def _blank_name_accepted():
    from marshmallow import fields, validate

    return _flask(schema_class=_schema(name=fields.String(required=True, validate=validate.Length(min=1, max=100))))


def _patch_needs_every_field():
    from apilab.lessons.products_builds import ProductSchema

    class WholeProductsOnly(ProductSchema):
        def load(self, data, *, partial=None, **options):
            return super().load(data, partial=False, **options)

    return _flask(schema_class=WholeProductsOnly)


def _replace_view(name: str, view_of: Callable) -> Callable:
    """A build: the Flask build with its view ``name`` replaced by ``view_of(store)``."""
    def make():
        from apilab.lessons.products_builds import ProductStore

        store = ProductStore()
        app = _flask(store=store)
        app.view_functions[name] = view_of(store)
        return app
    return make


def _list_in_stock_only(store):
    def list_products():
        return [store.products[key] for key in sorted(store.products) if store.products[key]["in_stock"]]
    return list_products


def _change_not_saved(store):
    from flask import abort, request

    from apilab.lessons.products_builds import ProductSchema

    schema = ProductSchema()

    def change_product(product_id):
        if store.get(product_id) is None:
            abort(404, "No product with this id.")
        changes = schema.load(request.get_json(), partial=request.method == "PATCH")
        return {**store.products[product_id], **changes}  # answered, never stored
    return change_product


def _delete_keeps_product(store):
    from flask import abort

    def delete_product(product_id):
        if store.get(product_id) is None:
            abort(404, "No product with this id.")
        return "", 204  # answered, never deleted
    return delete_product


BUGS = (
    Bug("create_answers_200", "POST answers 200 instead of 201", _after(_post_answers_200)),
    Bug("delete_answers_200", "DELETE answers 200 with a message instead of 204 and no body",
        _after(_delete_answers_200)),
    Bug("negative_price_accepted", "a negative price_cents is accepted", _negative_price_accepted),
    Bug("blank_name_accepted", "a name of spaces only is accepted", _blank_name_accepted),
    Bug("missing_as_html", "an unknown id answers 404 with an HTML page, not JSON", _after(_missing_as_html)),
    Bug("no_allow_header", "a 405 has no Allow header", _after(_no_allow_header)),
    Bug("list_in_stock_only", "the list leaves out the products not in stock",
        _replace_view("list_products", _list_in_stock_only)),
    Bug("patch_needs_every_field", "PATCH demands every field, as PUT does", _patch_needs_every_field),
    Bug("change_not_saved", "PUT and PATCH answer the changed product but do not store it",
        _replace_view("change_product", _change_not_saved)),
    Bug("delete_keeps_product", "DELETE answers 204 but the product is still there",
        _replace_view("delete_product", _delete_keeps_product)),
)
BY_NAME = {bug.name: bug for bug in BUGS}


def build_from_source(source: str, function: str):
    """The app ``function()`` returns, once ``source`` (a module of the instructor's hidden builds) has run."""
    namespace: dict = {"__name__": "hidden_builds"}
    exec(compile(source, "hidden_builds.py", "exec"), namespace)  # the instructor's file, never a learner's
    return namespace[function]()
