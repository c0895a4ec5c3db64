"""A typical mistake: URLs without the trailing slash the contract requires."""

DESCRIPTION = 'wrong: paths api/products and api/products/<pk> without a trailing slash'
EXPECTED_SCORE = 0.0

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
    path("api/products", ProductList.as_view()),
    path("api/products/<int:pk>", ProductDetail.as_view()),
]
''',
}
