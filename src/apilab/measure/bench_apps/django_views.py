"""Views shared by the plain-Django and DRF benchmark URL confs."""

from __future__ import annotations

import os
import time

from django.http import JsonResponse
from django.views.decorators.cache import cache_page

from apilab.measure.bench_apps import slow_seconds

_calls = {"slow": 0}


def _product_values() -> list[dict]:
    """The products through Django's ORM: model instances (as DRF and SQLAlchemy load them), as dicts."""
    from apilab.django_project.shop.models import Product

    return [{"id": p.id, "name": p.name, "price_cents": p.price_cents, "in_stock": p.in_stock}
            for p in Product.objects.all()]


def list_products(request):
    """Django + Django's ORM: the products as a JsonResponse."""
    return JsonResponse(_product_values(), safe=False)


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
