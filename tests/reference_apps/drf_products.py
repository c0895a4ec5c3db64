"""The Products API contract in Django REST Framework: the reference solution of Part A and Part B.

Import it after ``apilab.setup_django()``. ``urlpatterns`` serves Part A;
``auth_urlpatterns`` serves Part B, where writes need a
``rest_framework.authtoken`` token and reads stay public.
"""

from django.urls import include, path
from rest_framework import permissions, routers, serializers, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.renderers import JSONRenderer

from apilab.django_project.shop.models import Product


class ProductSerializer(serializers.ModelSerializer):
    """A product as JSON: the model's fields, id read-only."""

    class Meta:
        model = Product
        fields = ["id", "name", "price_cents", "in_stock"]


class ProductViewSet(viewsets.ModelViewSet):
    """List, create, retrieve, replace, update and delete products."""

    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    # JSON only: no browsable HTML pages, whatever the client accepts.
    renderer_classes = [JSONRenderer]


class TokenProductViewSet(ProductViewSet):
    """The same API; writes need 'Authorization: Token <key>'."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]


def products_urlpatterns(viewset):
    """URL patterns serving ``viewset`` at /api/products/ through a DefaultRouter."""
    router = routers.DefaultRouter()
    router.register("products", viewset)
    return [path("api/", include(router.urls))]


urlpatterns = products_urlpatterns(ProductViewSet)
auth_urlpatterns = products_urlpatterns(TokenProductViewSet)
