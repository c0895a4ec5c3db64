"""Fixtures for the exercises' tests: Django configured once, a Product table holding data."""

import pytest

import apilab


@pytest.fixture(scope="session")
def django_ready():
    """Configure Django once for the test process (setup_django is idempotent)."""
    apilab.setup_django()


@pytest.fixture
def product_table(django_ready):
    """The Product table holding two products that are not the checks' own; emptied afterwards."""
    from apilab.django_project.shop.models import Product

    Product.objects.all().delete()
    Product.objects.create(name="Teapot", price_cents=2500)
    Product.objects.create(name="Cup", price_cents=450, in_stock=False)
    yield Product
    Product.objects.all().delete()
