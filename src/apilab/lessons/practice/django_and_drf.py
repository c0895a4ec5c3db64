"""Practice in the lesson Django-And-DRF: an ORM query, a viewset action, a serializer validation rule.

The checks compare the learner's answers with what the database and DRF answer at run time: a
query the check makes itself, requests sent through Django's test client to the learner's viewset,
and data given to the learner's serializer.
"""

from __future__ import annotations

from collections import Counter
from types import ModuleType

from apilab.lessons.practice.feedback import attempt, not_done, one_line, point, report
from apilab.lessons.practice.wsgi_requests import status_hint, within_time

FIELDS = {"id", "name", "price_cents", "in_stock"}
ACTION_URL = "/api/products/in_stock/"


def _urlconf(urlpatterns) -> ModuleType:
    """A URL configuration of its own (a module object), for Django's test client to use for a while."""
    module = ModuleType("practice_urls")
    module.urlpatterns = list(urlpatterns)
    return module


def _ranges(prices: list[int]) -> list[tuple[str, int, int]]:
    """Price ranges to ask about: the task's own, one whose bounds are prices (inclusive), one between prices."""
    ranges = [("500 to 3000", 500, 3000)]
    if len(prices) >= 2:
        low, high = prices[0], prices[1]
        ranges.append((f"{low} to {high}, bounds included", low, high))
        if high - low > 1:
            ranges.append((f"{low + 1} to {high - 1}", low + 1, high - 1))
    ranges.append(("no product in range", -10, -1))
    return ranges


def check_names_between(names_between) -> int | None:
    """Lesson Django: ``names_between(low, high)`` lists the names of the products priced low..high, cheapest first."""
    from apilab.django_project.shop.models import Product

    if names_between is not None and not callable(names_between):
        return report([point(False, "`names_between` is a function of (low, high)",
                             f"it is a {type(names_between).__name__}; write def names_between(low, high):")])
    first, error = attempt(names_between, 500, 3000) if callable(names_between) else (None, None)
    if first is None and error is None:
        return not_done("write `names_between(low, high)` so it returns the names, then run this again")
    prices = sorted(set(Product.objects.values_list("price_cents", flat=True)))
    results = []
    for label, low, high in _ranges(prices):
        rows = list(Product.objects.filter(price_cents__gte=low, price_cents__lte=high)
                    .order_by("price_cents", "id").values_list("name", "price_cents"))
        got, error = attempt(lambda low=low, high=high: list(names_between(low, high)))
        if error:
            results.append(point(False, f"{label}: the names", error))
            continue
        if not all(isinstance(name, str) for name in got):
            kinds = sorted({type(name).__name__ for name in got})
            results.append(point(False, f"{label}: the right products",
                                 one_line(f"return a list of names (str), not of {kinds}", 80)))
            continue
        wanted = [name for name, _ in rows]
        price_of = dict(rows)
        same = Counter(got) == Counter(wanted)
        results.append(point(same, f"{label}: the right products",
                             f"you returned {len(got)} names for {len(wanted)} products; are both bounds included?"))
        if wanted and same:
            prices_given = [price_of[name] for name in got]
            results.append(point(prices_given == sorted(prices_given), f"{label}: cheapest first",
                                 "order the queryset by price"))
    return report(results)


def _action_replies(viewset):
    from django.test import override_settings
    from django.urls import include, path
    from rest_framework import routers
    from rest_framework.test import APIClient

    from apilab.django_project.shop.models import Product

    router = routers.DefaultRouter()
    router.register("products", viewset)
    urls = _urlconf([path("api/", include(router.urls))])
    sold_out = Product.objects.create(name="Sold-out check item", price_cents=1, in_stock=False)
    try:
        with override_settings(ROOT_URLCONF=urls):
            client = APIClient(raise_request_exception=False)
            replies, error = within_time(lambda: (client.get(ACTION_URL), client.get("/api/products/")))
            in_stock = set(Product.objects.filter(in_stock=True).values_list("id", flat=True))
    finally:
        sold_out.delete()
    if error:
        raise Unanswered(error)
    action, listing = replies
    return action, listing, in_stock


class Unanswered(Exception):
    """The requests to the viewset raised or took too long (the message says which)."""


def _items(reply) -> list | None:
    try:
        body = reply.json()
    except ValueError:
        return None
    body = body.get("results") if isinstance(body, dict) else body       # a paginated answer holds a page
    return body if isinstance(body, list) and all(isinstance(item, dict) for item in body) else None


def check_in_stock_action(viewset) -> int | None:
    """Lesson Django: the learner's viewset answers GET /api/products/in_stock/ with the products in stock."""
    if viewset is None:
        return not_done("write the viewset class `InStockViewSet` with its action, then run this again")
    replies, error = attempt(_action_replies, viewset)
    if error:
        return report([point(False, "a router publishes the viewset", error.removeprefix("Unanswered: "))])
    action, listing, in_stock = replies
    if action.status_code != 200:
        routed = f"it answered {action.status_code}; the router names the URL after the action's method (detail=False)"
        return report([point(False, f"GET {ACTION_URL} answers 200 to anyone",
                             routed if action.status_code == 404 else status_hint(action.status_code, ACTION_URL, None,
                                                                                  routed))])
    items = _items(action)
    ids = {item.get("id") for item in items or []}
    return report([
        point(True, f"GET {ACTION_URL} answers 200 to anyone", ""),
        point(items is not None and ids == in_stock, "it lists exactly the products in stock",
              f"it listed {len(ids)} products for {len(in_stock)} in stock; filter the viewset's queryset"),
        point(items is not None and all(set(item) == FIELDS for item in items),
              "each product in the serializer's shape",
              "serialize them with the viewset's serializer, many=True"),
        point(listing.status_code == 200, "GET /api/products/ still answers 200",
              status_hint(listing.status_code if listing.status_code == 500 else None, "", None,
                          f"it answered {listing.status_code}; subclass ProductViewSet to keep its actions")),
    ])


def _validity(serializer_class, data: dict):
    serializer = serializer_class(data=data)
    valid = serializer.is_valid()
    return valid, dict(serializer.errors), serializer.validated_data.get("name") if valid else None


def check_strict_serializer(serializer_class) -> int | None:
    """Lesson Django: the learner's serializer refuses names containing "<", under "name", and keeps its other rules."""
    if serializer_class is None:
        return not_done("write the class `StrictProductSerializer`, then run this again")
    cases = {
        "a name with a script tag": {"name": '<script>alert("x")</script>', "price_cents": 1},
        "a name with < in the middle": {"name": "Cups < 5", "price_cents": 1},
        "an ordinary name": {"name": "Tea cosy", "price_cents": 1500},
        "a negative price": {"name": "Tea cosy", "price_cents": -5},
    }
    answers = {}
    for label, data in cases.items():
        answers[label], error = attempt(_validity, serializer_class, data)
        if error:
            return report([point(False, f"the serializer validates {label}", error)])
    results = []
    for label in ("a name with a script tag", "a name with < in the middle"):
        valid, errors, _ = answers[label]
        hint = ("it was accepted; raise serializers.ValidationError for it" if valid
                else one_line(f"refused under {sorted(errors)}", 60)
                + "; an error raised in validate_name is reported under the field")
        results.append(point(not valid and "name" in errors, f'{label} is refused under "name"', hint))
    sent = cases["an ordinary name"]["name"]
    valid, errors, stored = answers["an ordinary name"]
    results.append(point(valid, "an ordinary name is accepted",
                         one_line(f"refused: {errors}", 70) + "; return the value when it is fine"))
    if valid:
        results.append(point(stored == sent, "an ordinary name is kept as it was sent",
                             f"validated_data holds {one_line(repr(stored), 30)}; validate_name must return "
                             "the value it was given, unchanged"))
    valid, errors, _ = answers["a negative price"]
    results.append(point(not valid and "price_cents" in errors, "the model's rules still apply (a negative price)",
                         "subclass ProductSerializer so its fields keep their rules"))
    return report(results)
