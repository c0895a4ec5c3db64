"""URL conf of the plain-Django benchmark app (JsonResponse, no DRF)."""

from django.urls import path

from apilab.measure.bench_apps.django_views import db_connects, list_products, pid, slow_calls, slow_products

urlpatterns = [
    path("api/products/", list_products),
    path("api/pid/", pid),
    path("api/slow/", slow_products),
    path("api/slow/calls/", slow_calls),
    path("api/db/connects/", db_connects),
]
