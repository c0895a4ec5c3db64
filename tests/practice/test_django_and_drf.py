"""Self-checks of lesson Django-And-DRF: "not done yet", all passed on a model answer, hints on wrong answers."""

import pytest

from apilab.lessons.practice.django_and_drf import check_in_stock_action, check_names_between, check_strict_serializer


@pytest.fixture
def drf(product_table):
    """The lesson's serializer and a read-for-anyone viewset over the test's products, and the model answers."""
    from rest_framework import permissions, serializers, viewsets
    from rest_framework.decorators import action
    from rest_framework.response import Response

    product = product_table

    class ProductSerializer(serializers.ModelSerializer):
        class Meta:
            model = product
            fields = ["id", "name", "price_cents", "in_stock"]

    class ProductViewSet(viewsets.ModelViewSet):
        queryset = product.objects.all()
        serializer_class = ProductSerializer
        permission_classes = [permissions.AllowAny]

    class InStockViewSet(ProductViewSet):
        @action(detail=False)
        def in_stock(self, request):
            return Response(self.get_serializer(self.get_queryset().filter(in_stock=True), many=True).data)

    class EveryProductViewSet(ProductViewSet):
        @action(detail=False)
        def in_stock(self, request):
            return Response(self.get_serializer(self.get_queryset(), many=True).data)

    class StrictProductSerializer(ProductSerializer):
        def validate_name(self, value):
            if "<" in value:
                raise serializers.ValidationError("No angle brackets.")
            return value

    class WholeObjectSerializer(ProductSerializer):
        def validate(self, data):
            if "<" in data["name"]:
                raise serializers.ValidationError("No angle brackets.")
            return data

    return {"product": product, "right": InStockViewSet, "every": EveryProductViewSet,
            "plain": ProductViewSet, "strict": StrictProductSerializer, "whole": WholeObjectSerializer}


def names_between(low, high):
    from apilab.django_project.shop.models import Product

    return list(Product.objects.filter(price_cents__range=(low, high)).order_by("price_cents")
                .values_list("name", flat=True))


def test_the_templates_are_not_done_yet(capsys, drf):
    def stub(low, high):
        ...

    assert check_names_between(stub) is None
    assert check_in_stock_action(None) is None
    assert check_strict_serializer(None) is None
    out = capsys.readouterr().out
    assert out.count("not done yet") == 3 and "✗" not in out


def test_the_model_answers_pass(capsys, drf):
    assert check_names_between(names_between) == 0
    assert check_in_stock_action(drf["right"]) == 0
    assert check_strict_serializer(drf["strict"]) == 0
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 3 and "✗" not in out
    assert drf["product"].objects.count() == 2          # the action's check removed the product it added


def test_wrong_answers_get_hints_without_the_answer(capsys, drf):
    def exclusive(low, high):
        return [name for name in names_between(low, high) if low < drf["product"].objects.get(name=name).price_cents]

    assert check_names_between(exclusive) >= 1
    out = capsys.readouterr().out
    assert "are both bounds included?" in out and "Teapot" not in out and "Cup" not in out
    assert check_in_stock_action(drf["every"]) == 1
    assert "✗ it lists exactly the products in stock: it listed 3 products for 1 in stock" in capsys.readouterr().out
    assert check_in_stock_action(drf["plain"]) == 3
    assert "✗ GET /api/products/in_stock/ answers 200 to anyone: it answered 404" in capsys.readouterr().out
    assert check_strict_serializer(drf["whole"]) == 2
    assert "refused under ['non_field_errors']" in capsys.readouterr().out


def test_code_that_raises_gets_a_failed_point_not_a_traceback(capsys, drf):
    def broken(*args, **kwargs):
        raise RuntimeError("half written")

    class BrokenSerializer(drf["strict"]):
        def validate_name(self, value):
            raise RuntimeError("half written")

    assert check_names_between(broken) == 4
    assert check_in_stock_action(broken) == 1
    assert check_strict_serializer(BrokenSerializer) == 1
    out = capsys.readouterr().out
    assert out.count("RuntimeError: half written") == 5
    assert "✗ a router publishes the viewset" in out
