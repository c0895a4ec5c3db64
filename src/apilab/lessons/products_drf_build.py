"""The Products API in DRF, ready made: a serializer, a ``ModelViewSet`` and a router's ``urlpatterns``.

The top rung of the Up-The-Abstraction-Ladder lesson, importable, for lessons
(and their learners' test runs) that use the API rather than build it. Import
it after Django is configured (``apilab.setup_django()``, or a test run's own
settings): the serializer reads its rules from the ``Product`` model.
``urlpatterns_for(serializer_class)`` builds the URLs around another
serializer, for a deliberately changed build.
"""

from __future__ import annotations

from django.urls import include, path
from rest_framework import routers, serializers, viewsets
from rest_framework.parsers import JSONParser

from apilab.django_project.shop.models import Product


class ProductSerializer(serializers.ModelSerializer):
    """A product as JSON: the model's fields, id read-only."""

    class Meta:
        model = Product
        fields = ["id", "name", "price_cents", "in_stock"]


def urlpatterns_for(serializer_class: type[serializers.Serializer] = ProductSerializer) -> list:
    """The API's URL patterns (``api/products/`` and ``api/products/<pk>/``) with ``serializer_class``."""
    # JSON bodies only, as the Flask build's request.get_json(): a form-encoded body is a 415, not a product.
    viewset = type("ProductViewSet", (viewsets.ModelViewSet,),
                   {"queryset": Product.objects.all(), "serializer_class": serializer_class,
                    "parser_classes": [JSONParser]})
    router = routers.DefaultRouter()
    router.register("products", viewset)
    return [path("api/", include(router.urls))]


urlpatterns = urlpatterns_for()
