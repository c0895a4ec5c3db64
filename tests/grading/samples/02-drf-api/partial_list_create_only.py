"""A partial answer: the list and create view only; no detail URL."""

DESCRIPTION = 'partial: list and create only'
EXPECTED_SCORE = 8.0

ANSWERS = {
    "drf_api": '''
from django.urls import path
from rest_framework import generics, serializers


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "name", "price_cents", "in_stock"]
        read_only_fields = ["id"]


class ProductList(generics.ListCreateAPIView):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer


class ProductDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer


urlpatterns = [
    path("api/products/", ProductList.as_view()),
]
''',
}
