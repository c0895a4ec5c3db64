"""Views shared by the plain-Django and DRF benchmark URL confs."""

from __future__ import annotations

import os
import time

from django.db.backends.signals import connection_created
from django.http import JsonResponse
from django.views.decorators.cache import cache_page

from apilab.measure.bench_apps import slow_seconds

_calls = {"slow": 0, "connects": 0, "requests": 0}


def _count_connect(sender, connection, **kwargs) -> None:
    _calls["connects"] += 1


# Django sends connection_created each time it opens a database connection.
connection_created.connect(_count_connect, dispatch_uid="apilab_bench_count_connects")


def count_request() -> None:
    """Count one list request (the denominator of connects per request)."""
    _calls["requests"] += 1


def _product_values() -> list[dict]:
    """The products through Django's ORM: model instances (as DRF and SQLAlchemy load them), as dicts."""
    from apilab.django_project.shop.models import Product

    return [{"id": p.id, "name": p.name, "price_cents": p.price_cents, "in_stock": p.in_stock}
            for p in Product.objects.all()]


def list_products(request):
    """Django + Django's ORM: the products as a JsonResponse."""
    count_request()
    return JsonResponse(_product_values(), safe=False)


def db_connects(request):
    """How many database connections this process has opened, and how many list requests it served."""
    return JsonResponse({"pid": os.getpid(), "connects": _calls["connects"], "requests": _calls["requests"]})


def pid(request):
    """Which process answered."""
    return JsonResponse({"pid": os.getpid()})


@cache_page(300)
def slow_products(request):
    """The products after a deliberate sleep; Django's cache framework keeps the page."""
    _calls["slow"] += 1
    time.sleep(slow_seconds())
    return JsonResponse(_product_values(), safe=False)


def slow_calls(request):
    """How often this process ran the slow path."""
    from django.conf import settings

    cached = "redis" in settings.CACHES["default"]["BACKEND"].lower()
    return JsonResponse({"pid": os.getpid(), "calls": _calls["slow"], "cache": cached})
