"""The builds exercise 5's test suites meet: the correct Flask and DRF builds, and ten with one bug each.

Each buggy build is the Flask build of ``products_builds`` with one mistake a
learner makes; ``MAKERS`` maps its name (the exercise's ``Bug``, in
``apilab.exercises.api_tests.builds``, says what it gets wrong) to a function
making a fresh app. ``correct_maker`` gives the correct builds' makers, and
``build_from_source`` runs one of the instructor's hidden builds. Here, with the
lessons' other ready-made builds, because the exercise's layer does not import
the lessons': only ``builds_server``, a process of its own, uses these.
"""

from __future__ import annotations

from collections.abc import Callable


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


MAKERS = {
    "create_answers_200": _after(_post_answers_200),
    "delete_answers_200": _after(_delete_answers_200),
    "negative_price_accepted": _negative_price_accepted,
    "blank_name_accepted": _blank_name_accepted,
    "missing_as_html": _after(_missing_as_html),
    "no_allow_header": _after(_no_allow_header),
    "list_in_stock_only": _replace_view("list_products", _list_in_stock_only),
    "patch_needs_every_field": _patch_needs_every_field,
    "change_not_saved": _replace_view("change_product", _change_not_saved),
    "delete_keeps_product": _replace_view("delete_product", _delete_keeps_product),
}


def correct_maker(name: str) -> Callable:
    """The maker of the correct build ``name`` ("flask" or "drf"); DRF's sets Django up first."""
    if name == "flask":
        from apilab.lessons.products_builds import create_flask_app

        return create_flask_app
    from apilab.django_project.setup import django_app, setup_django

    setup_django()  # before the build is imported: its serializer reads the model's rules
    from apilab.lessons import products_drf_build

    return lambda: django_app(products_drf_build.urlpatterns, empty_products=True)


def build_from_source(source: str, function: str):
    """The app ``function()`` returns, once ``source`` (a module of the instructor's hidden builds) has run."""
    namespace: dict = {"__name__": "hidden_builds"}
    exec(compile(source, "hidden_builds.py", "exec"), namespace)  # the instructor's file, never a learner's
    return namespace[function]()
