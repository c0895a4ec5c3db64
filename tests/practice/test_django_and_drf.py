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
    assert check_in_stock_action(drf["plain"]) == 1             # only the status point when it is not 200
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


def test_a_validate_name_that_forgets_the_value_or_changes_it_is_refused(capsys, drf):
    from rest_framework import serializers

    class Forgetful(drf["strict"]):
        def validate_name(self, value):
            if "<" in value:
                raise serializers.ValidationError("No angle brackets.")

    class Shouting(drf["strict"]):
        def validate_name(self, value):
            if "<" in value:
                raise serializers.ValidationError("No angle brackets.")
            return value.upper()

    assert check_strict_serializer(Forgetful) == 1
    assert "✗ an ordinary name is kept as it was sent: validated_data holds None" in capsys.readouterr().out
    assert check_strict_serializer(Shouting) == 1
    assert "✗ an ordinary name is kept as it was sent" in capsys.readouterr().out


def test_a_names_between_that_is_no_function_gets_a_shape_hint(capsys, drf):
    assert check_names_between(["Teapot"]) == 1
    out = capsys.readouterr().out
    assert "not done yet" not in out and "it is a list" in out


def test_an_action_that_raises_or_hangs_gets_a_hint_by_outcome(capsys, drf):
    import threading
    import time

    from rest_framework.decorators import action

    release = threading.Event()

    class Raising(drf["plain"]):
        @action(detail=False)
        def in_stock(self, request):
            raise KeyError("stock")

    class Waiting(drf["plain"]):
        @action(detail=False)
        def in_stock(self, request):
            release.wait(30)

    assert check_in_stock_action(Raising) == 1
    captured = capsys.readouterr()
    assert "answers 200 to anyone: your view raised: see apilab.recent_errors()" in captured.out
    assert captured.err == ""
    started = time.monotonic()
    try:
        assert check_in_stock_action(Waiting) == 1
    finally:
        release.set()
    assert time.monotonic() - started < 20
    assert "✗ a router publishes the viewset: no answer within 5 s" in capsys.readouterr().out
    assert drf["product"].objects.count() == 2          # the check's product is removed after a timeout too


def test_no_hint_is_long(capsys, drf):
    from rest_framework import serializers

    class Wordy(drf["strict"]):
        def validate_name(self, value):
            raise serializers.ValidationError("x" * 400)

    check_strict_serializer(Wordy)
    check_names_between(lambda low, high: [object()] * 50)
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line) <= 200 for line in lines)
