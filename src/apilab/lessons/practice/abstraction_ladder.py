"""Practice in the lesson Up-The-Abstraction-Ladder: one more rung, and views that offer fewer methods.

``check_new_rung`` serves the learner's URL patterns with Django on a free port, runs the whole
contract against them (one line per group) and stops the server, putting Django's URL patterns
back as they were. ``check_fewer_methods`` sends requests to the learner's DRF list view (DRF's
request factory, no server) and to the learner's ``MethodView`` in a new Flask app (its test client).
Both delete afterwards every product added while they ran (the ids above the highest one before).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from apilab.lessons.practice.feedback import attempt, failed, not_done, one_line, point, report

MUG = {"name": "Mug", "price_cents": 800}


@contextlib.contextmanager
def _no_products_left():
    """Delete, when the block ends, every product added during it (the learner's views may have created some)."""
    from django.db.models import Max

    from apilab.django_project.shop.models import Product

    highest = Product.objects.aggregate(highest=Max("id"))["highest"] or 0
    try:
        yield
    finally:
        Product.objects.filter(id__gt=highest).delete()


# --- one more rung ----------------------------------------------------------------------------------------


def _contract_points(url: str) -> list:
    from apilab.contract import run_checks

    contract = run_checks(url)
    points = []
    for group in contract.groups:
        failures = [result for result in contract.results if result.group == group and not result.passed]
        hint = (f"{len(failures)} failed, first: {failures[0].check} ({failures[0].message})" if failures else "")
        points.append(point(not failures, f"the contract's {group} checks", hint))
    return points


def check_new_rung(make_urls: Callable) -> int | None:
    """Lesson Up-The-Abstraction-Ladder: the URL patterns ``make_urls()`` returns pass the whole contract."""
    from django.urls import get_resolver

    from apilab.django_project.setup import serve_django, use_urlpatterns

    urlpatterns, error = attempt(make_urls)
    if urlpatterns is None and error is None:
        return not_done("make `new_rung_urls()` return the URL patterns of your rung, and run this again")
    if error is not None:
        return report([failed("calling new_rung_urls()", error)])
    if not isinstance(urlpatterns, (list, tuple)) or not urlpatterns:
        return report([failed("new_rung_urls() returns URL patterns",
                              f"it returned {type(urlpatterns).__name__}: return a list of path(...) entries")])
    previous = list(get_resolver().url_patterns)
    try:
        with _no_products_left():
            server, error = attempt(serve_django, list(urlpatterns), name="practice-ladder-rung")
            if server is None:
                return report([failed("serving your URL patterns", error)])
            with server:
                points, error = attempt(_contract_points, server.url)
        return report(points if error is None else [failed("the contract's checks", error)])
    finally:
        use_urlpatterns(previous)


# --- fewer methods, in both frameworks --------------------------------------------------------------------


def _drf_points(view_class) -> list:
    from rest_framework.test import APIRequestFactory

    view = view_class.as_view()
    factory = APIRequestFactory()
    listed = view(factory.get("/api/products/"))
    listed.render()
    posted = view(factory.post("/api/products/", MUG, format="json"))
    posted.render()
    data = listed.data
    is_list = isinstance(data, list) or (isinstance(data, dict) and isinstance(data.get("results"), list))
    return [
        point(listed.status_code == 200 and is_list, "DRF: GET on the list still answers",
              f"it answered {listed.status_code}: the list must still be listed (which generic view only lists?)"
              if listed.status_code != 200 else "its body is neither a list nor a page with `results`: list products"),
        point(posted.status_code == 405, "DRF: POST on the list is refused with 405",
              f"it answered {posted.status_code}: a view without a `post` method (or `create`) refuses POST"),
    ]


def _flask_points(item_class, collection_class) -> list:
    import itertools

    from flask import Flask
    from marshmallow import ValidationError
    from werkzeug.exceptions import HTTPException

    app = Flask("practice-fewer-methods")
    app.config["TESTING"] = True                      # an error in the view reaches this check, not the log
    store = {}, itertools.count(1)
    app.add_url_rule("/api/products/", view_func=collection_class.as_view("products", *store))
    app.add_url_rule("/api/products/<int:product_id>/", view_func=item_class.as_view("product", *store))
    app.register_error_handler(ValidationError, lambda error: (error.messages, 400))
    app.register_error_handler(HTTPException, lambda error: ({"detail": error.description}, error.code))
    client = app.test_client()
    created = client.post("/api/products/", json=MUG)
    if created.status_code != 201:
        return [failed("Flask: creating a product with ProductCollection", f"it answered {created.status_code}")]
    item = f"/api/products/{created.get_json()['id']}/"
    put = client.put(item, json={"name": "Cup", "price_cents": 100})
    patched = client.patch(item, json={"price_cents": 700})
    read = client.get(item)
    return [
        point(put.status_code == 405, "Flask: PUT is refused with 405",
              f"it answered {put.status_code}: the routing table offers the methods the class lists"),
        point(patched.status_code == 200 and (patched.get_json() or {}).get("price_cents") == 700,
              "Flask: PATCH still changes the product",
              f"it answered {patched.status_code}: keep PATCH among the class's methods"),
        point(read.status_code == 200, "Flask: GET still reads the product",
              f"it answered {read.status_code}: keep GET among the class's methods"),
    ]


def check_fewer_methods(ProductListReadOnly, ProductItemNoPut, ProductCollection) -> int | None:  # noqa: N803
    """Lesson Up-The-Abstraction-Ladder: a read-only DRF list, and a Flask item view without PUT."""
    from flask.views import MethodView
    from rest_framework.views import APIView

    if ProductListReadOnly is None and ProductItemNoPut is None:
        return not_done("define `ProductListReadOnly` and `ProductItemNoPut` (see the task), and run this again")
    results = []
    if isinstance(ProductListReadOnly, APIView):
        results.append(failed("ProductListReadOnly is a DRF view class", "you gave an instance: assign the class"))
    elif not (isinstance(ProductListReadOnly, type) and issubclass(ProductListReadOnly, APIView)):
        results.append(failed("ProductListReadOnly is a DRF view class",
                              f"it is {type(ProductListReadOnly).__name__}: subclass one of DRF's generic views"))
    else:
        with _no_products_left():
            points, error = attempt(_drf_points, ProductListReadOnly)
        results += points if error is None else [failed("DRF: requests to ProductListReadOnly", error)]
    if isinstance(ProductItemNoPut, MethodView):
        results.append(failed("ProductItemNoPut is a MethodView class", "you gave an instance: assign the class"))
    elif not (isinstance(ProductItemNoPut, type) and issubclass(ProductItemNoPut, MethodView)):
        results.append(failed("ProductItemNoPut is a MethodView class",
                              f"it is {type(ProductItemNoPut).__name__}: subclass the lesson's ProductItem"))
    else:
        points, error = attempt(_flask_points, ProductItemNoPut, ProductCollection)
        results += points if error is None else [failed("Flask: requests to ProductItemNoPut", one_line(error, 90))]
    return report(results)
