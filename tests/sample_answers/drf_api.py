"""Correct answers to 02-drf-api's ``drf_api`` cell, in two of DRF's styles: generic views and function views."""

# DRF's generic class-based views, as in DRF's tutorial part 3.
DRF_GENERIC_VIEWS = '''
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
'''

# DRF function views with @api_view, as in DRF's tutorial part 2.
DRF_FUNCTION_VIEWS = '''
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
    return Response(serializer.data, status=status.HTTP_201_CREATED)


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
'''
