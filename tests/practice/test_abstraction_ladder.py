"""Self-checks of lesson Up-The-Abstraction-Ladder: not done on the template, passed on a model, hints on a mistake."""


import pytest
from flask import abort, request
from flask.views import MethodView

from apilab.lessons.practice.abstraction_ladder import check_fewer_methods, check_new_rung


def out_lines(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


# --- one more rung ----------------------------------------------------------------------------------------


def rung_urls(*, with_delete: bool = True):
    from django.urls import include, path
    from rest_framework import mixins, routers, serializers, viewsets

    from apilab.django_project.shop.models import Product

    class Serializer(serializers.ModelSerializer):
        class Meta:
            model = Product
            fields = ["id", "name", "price_cents", "in_stock"]

    bases = [mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin]
    bases += [mixins.DestroyModelMixin] if with_delete else []
    viewset = type("Assembled", (*bases, viewsets.GenericViewSet),
                   {"queryset": Product.objects.all(), "serializer_class": Serializer})
    router = routers.DefaultRouter()
    router.register("products", viewset)
    return [path("api/", include(router.urls))]


def test_the_rung_template_is_not_done_yet(django_ready, capsys):
    def new_rung_urls():
        ...

    assert check_new_rung(new_rung_urls) is None
    assert out_lines(capsys)[0].startswith("not done yet")


def test_a_rung_that_keeps_the_contract_passes_and_django_keeps_its_urls(product_table, capsys):
    from django.urls import get_resolver

    before = list(get_resolver().url_patterns)
    assert check_new_rung(rung_urls) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out and "✓ the contract's delete checks" in out
    assert list(get_resolver().url_patterns) == before


def test_a_rung_without_delete_fails_the_delete_group_only(product_table, capsys):
    assert check_new_rung(lambda: rung_urls(with_delete=False)) >= 1
    lines = out_lines(capsys)
    assert any(line.startswith("✗ the contract's delete checks: ") and "DELETE answers 204" in line for line in lines)
    assert "✓ the contract's create checks" in lines and "✓ the contract's list checks" in lines


@pytest.mark.parametrize("make_urls, says", [
    (lambda: 1 / 0, "ZeroDivisionError"),
    (lambda: "api/products/", "return a list of path"),
])
def test_a_broken_rung_gets_a_line_not_a_traceback(django_ready, capsys, make_urls, says):
    assert check_new_rung(make_urls) == 1
    (line, last) = out_lines(capsys)
    assert line.startswith("✗") and says in line and last == "1 of 1 checks to fix."


# --- fewer methods ----------------------------------------------------------------------------------------


class Items(MethodView):
    init_every_request = False

    def __init__(self, products, new_ids):
        self.products, self.new_ids = products, new_ids


class Collection(Items):
    def get(self):
        return list(self.products.values())

    def post(self):
        product = {"id": next(self.new_ids), **request.get_json()}
        self.products[product["id"]] = product
        return product, 201


class Item(Items):
    def get(self, product_id):
        return self.products.get(product_id) or abort(404)

    def put(self, product_id):
        self.products[product_id].update(request.get_json())
        return self.products[product_id]

    patch = put


class ItemNoPut(Item):
    methods = ["GET", "PATCH"]


class ItemWithoutPatch(Item):
    methods = ["GET"]


def read_only_list(base_name: str):
    from rest_framework import generics, serializers

    from apilab.django_project.shop.models import Product

    class Serializer(serializers.ModelSerializer):
        class Meta:
            model = Product
            fields = ["id", "name", "price_cents", "in_stock"]

    return type("ReadOnly", (getattr(generics, base_name),),
                {"queryset": Product.objects.all(), "serializer_class": Serializer})


def test_fewer_methods_template_is_not_done_yet(capsys):
    assert check_fewer_methods(None, None, Collection) is None
    assert out_lines(capsys)[0].startswith("not done yet")


def test_a_read_only_list_and_an_item_without_put_pass(product_table, capsys):
    assert check_fewer_methods(read_only_list("ListAPIView"), ItemNoPut, Collection) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out


def test_a_list_that_still_creates_and_an_item_without_patch_get_hints(product_table, capsys):
    assert check_fewer_methods(read_only_list("ListCreateAPIView"), ItemWithoutPatch, Collection) == 2
    lines = out_lines(capsys)
    assert any(line.startswith("✗ DRF: POST on the list") and "it answered 201" in line for line in lines)
    assert any(line.startswith("✗ Flask: PATCH still changes") for line in lines)
    assert "✓ Flask: PUT is refused with 405" in lines
    assert not any("ListAPIView" in line or '"GET", "PATCH"' in line for line in lines)   # no answer given away


def test_a_view_that_raises_or_is_no_class_gets_a_line_not_a_traceback(product_table, capsys):
    class Raising(ItemNoPut):
        def patch(self, product_id):
            raise RuntimeError("oops")

    assert check_fewer_methods(42, Raising, Collection) == 2
    lines = out_lines(capsys)
    assert lines[0].startswith("✗ ProductListReadOnly is a DRF view class") and "int" in lines[0]
    assert lines[1].startswith("✗ Flask: requests to ProductItemNoPut") and "RuntimeError: oops" in lines[1]


# --- no product left behind; a paginated list; an instance -------------------------------------------------


def test_a_rung_leaves_no_product_behind(product_table, capsys):
    ids = set(product_table.objects.values_list("id", flat=True))
    check_new_rung(lambda: rung_urls(with_delete=False))     # without DELETE, the contract cannot clean up
    assert set(product_table.objects.values_list("id", flat=True)) == ids


def test_a_list_that_still_creates_leaves_no_product_behind(product_table, capsys):
    ids = set(product_table.objects.values_list("id", flat=True))
    assert check_fewer_methods(read_only_list("ListCreateAPIView"), ItemNoPut, Collection) == 1
    assert set(product_table.objects.values_list("id", flat=True)) == ids


def test_a_paginated_read_only_list_passes(product_table, capsys):
    from rest_framework.pagination import PageNumberPagination

    class Pages(PageNumberPagination):
        page_size = 1

    paginated = type("Paginated", (read_only_list("ListAPIView"),), {"pagination_class": Pages})
    assert check_fewer_methods(paginated, ItemNoPut, Collection) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out


def test_a_list_whose_body_is_not_a_list_is_not_told_its_200_is_wrong(product_table, capsys):
    from rest_framework import generics
    from rest_framework.response import Response

    class Counting(generics.GenericAPIView):
        def get(self, request):
            return Response({"count": 2})

    assert check_fewer_methods(Counting, ItemNoPut, Collection) == 1
    (line,) = [line for line in out_lines(capsys) if line.startswith("✗")]
    assert line.startswith("✗ DRF: GET on the list still answers") and "200" not in line


def test_instances_instead_of_classes_are_told_to_assign_the_class(product_table, capsys):
    assert check_fewer_methods(read_only_list("ListAPIView")(), ItemNoPut({}, iter([1])), Collection) == 2
    lines = out_lines(capsys)
    assert lines[0] == "✗ ProductListReadOnly is a DRF view class: you gave an instance: assign the class"
    assert lines[1] == "✗ ProductItemNoPut is a MethodView class: you gave an instance: assign the class"
