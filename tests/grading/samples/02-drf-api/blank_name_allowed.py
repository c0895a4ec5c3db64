"""A typical mistake: the serializer's name field allows blank names."""

DESCRIPTION = 'wrong: name may be blank'
EXPECTED_SCORE = 12.0

ANSWERS = {
    "drf_api": '''
from django.urls import path
from rest_framework import generics, serializers


class ProductSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=100, allow_blank=True)

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
    path("api/products/<int:pk>/", ProductDetail.as_view()),
]
''',
}
