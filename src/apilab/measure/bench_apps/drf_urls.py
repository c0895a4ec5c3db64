"""URL conf of the DRF benchmark app: a ModelSerializer and a ListAPIView, DRF's defaults."""

from django.urls import path
from rest_framework import generics, serializers

from apilab.django_project.shop.models import Product
from apilab.measure.bench_apps.django_views import count_request, db_connects, pid, slow_calls, slow_products


class ProductSerializer(serializers.ModelSerializer):
    """The contract's product fields."""

    class Meta:
        model = Product
        fields = ["id", "name", "price_cents", "in_stock"]


class ProductList(generics.ListAPIView):
    """GET /api/products/ with DRF's serializer, renderer and content negotiation."""

    queryset = Product.objects.all()
    serializer_class = ProductSerializer

    def get(self, request, *args, **kwargs):
        count_request()
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("api/products/", ProductList.as_view()),
    path("api/pid/", pid),
    path("api/slow/", slow_products),
    path("api/slow/calls/", slow_calls),
    path("api/db/connects/", db_connects),
]
