"""The Products API of the course as a deployable Django project: its URL configuration.

The serializer and viewset are the ones the Django lesson builds, protected as
a public API must be: anyone may read, only a client with a valid token
(``Authorization: Token <key>``; ``manage.py drf_create_token USER`` makes one)
may write. This module adds two small views a platform needs: ``/healthz/`` (is the process alive?) and
``/readyz/`` (can it reach its database?).
"""

from django.db import connection
from django.http import JsonResponse
from django.urls import include, path
from rest_framework import authentication, permissions, routers, serializers, viewsets

from apilab.django_project.shop.models import Product


class ProductSerializer(serializers.ModelSerializer):
    """A product as the contract shows it."""

    class Meta:
        model = Product
        fields = ["id", "name", "price_cents", "in_stock"]


class ProductViewSet(viewsets.ModelViewSet):
    """List, create, read, replace, update and delete products; writes need a token."""

    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    # Tokens only: without a session there is no cookie a forged cross-site request could ride on.
    authentication_classes = [authentication.TokenAuthentication]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]


def healthz(request):
    """Liveness: the process answers."""
    return JsonResponse({"status": "alive"})


def readyz(request):
    """Readiness: the database answers too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ready", "database": connection.vendor})


router = routers.DefaultRouter()
router.register("products", ProductViewSet)

urlpatterns = [
    path("api/", include(router.urls)),
    path("healthz/", healthz),
    path("readyz/", readyz),
]
