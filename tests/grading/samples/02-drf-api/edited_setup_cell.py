"""Adversarial: a correct answer, and the read-only setup cell rewritten (restored at grading)."""

DESCRIPTION = "adversarial: read-only setup cell edited (the course's setup runs at grading)"
EXPECTED_SCORE = 20.0
EXPECTED_FLAG = "read-only cell setup was edited"

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


def edit(nb):
    """Rewrite the setup cell."""
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "setup":
            cell.source = "import apilab\napilab.setup_django(DEBUG=True)\nfrom apilab.shop.models import Product"
