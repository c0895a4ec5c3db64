"""URL conf of the Django + raw SQL rung: Django's routing, request and JsonResponse, no ORM.

The rows come from the very function the bare-WSGI and Flask apps use
(``sqlite_rows.fetch_products``), so Django + raw SQL against Flask + raw SQL
compares the two frameworks' request handling and nothing else.
"""

from django.http import JsonResponse
from django.urls import path

from apilab.measure.bench_apps.django_views import pid, slow_calls, slow_products
from apilab.measure.bench_apps.sqlite_rows import fetch_products


def list_products(request):
    """Django + raw SQL: the products as a JsonResponse."""
    return JsonResponse(fetch_products(), safe=False)


urlpatterns = [
    path("api/products/", list_products),
    path("api/pid/", pid),
    path("api/slow/", slow_products),
    path("api/slow/calls/", slow_calls),
]
