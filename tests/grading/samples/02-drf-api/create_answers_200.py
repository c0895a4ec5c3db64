"""A typical mistake: the create view forgets status=201, so POST answers 200."""

DESCRIPTION = 'wrong: POST answers 200, not 201'
EXPECTED_SCORE = 16.0

ANSWERS = {
    "drf_api": '''
from django.shortcuts import get_object_or_404
from django.urls import path
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = "__all__"


@api_view(["GET", "POST"])
def product_list(request):
    if request.method == "GET":
        return Response(ProductSerializer(Product.objects.order_by("id"), many=True).data)
    serializer = ProductSerializer(data=request.data)
    if not serializer.is_valid():
        return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
    serializer.save()
    return Response(serializer.data)


@api_view(["GET", "PUT", "PATCH", "DELETE"])
def product_detail(request, pk):
    product = get_object_or_404(Product, pk=pk)
    if request.method == "GET":
        return Response(ProductSerializer(product).data)
    if request.method == "DELETE":
        product.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
    serializer = ProductSerializer(product, data=request.data, partial=request.method == "PATCH")
    if not serializer.is_valid():
        return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
    serializer.save()
    return Response(serializer.data)


urlpatterns = [
    path("api/products/", product_list),
    path("api/products/<int:pk>/", product_detail),
]
''',
}
