"""A correct answer in another style: DRF's generic class-based views, as in DRF's tutorial part 3."""

DESCRIPTION = "correct, different style: ListCreateAPIView + RetrieveUpdateDestroyAPIView"
EXPECTED_SCORE = 20.0

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
    path("api/products/<int:pk>/", ProductDetail.as_view()),
]
''',
}
