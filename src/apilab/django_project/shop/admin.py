from django.contrib import admin

from apilab.django_project.shop.models import Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    """Lists products with their price and stock, searchable by name."""

    list_display = ["id", "name", "price_cents", "in_stock"]
    search_fields = ["name"]
