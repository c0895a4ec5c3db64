"""Buggy variants of the DRF reference solution: each is the reference with one mistake a learner makes.

``fails`` names the contract groups the bug must fail, and no others. After
``apilab.setup_django()``, ``urlpatterns_of(variant)`` builds the variant's
URL patterns (Part A or Part B after ``variant.part``).
"""

from apilab.contract import (
    AUTH_READS_PUBLIC,
    AUTH_REQUIRED,
    AUTH_TOKEN_WORKS,
    CREATE,
    DELETE,
    LIST,
    NOT_FOUND,
    REPLACE,
    RETRIEVE,
    UPDATE,
    VALIDATION,
)

from .mutation import Variant, build

INPUT_GROUPS = frozenset({VALIDATION, REPLACE, UPDATE})  # a missing validation shows in POST, PUT and PATCH


def declare_field(line: str) -> tuple:
    """An edit that declares a serializer field explicitly (replacing the one the model would give)."""
    docstring = '    """A product as JSON: the model\'s fields, id read-only."""\n\n'
    return (docstring, f"{docstring}    {line}\n\n")


def add_to_viewset(code: str) -> tuple:
    """An edit that adds methods or attributes to ProductViewSet."""
    anchor = "    renderer_classes = [JSONRenderer]\n"
    return (anchor, anchor + "\n" + code)


IMPORT_RESPONSE = ("from rest_framework.renderers import JSONRenderer\n",
                   "from rest_framework.renderers import JSONRenderer\nfrom rest_framework.response import Response\n")

VARIANTS = [
    Variant("create_answers_200", "create() overridden to answer 200",
            (IMPORT_RESPONSE, add_to_viewset(
                "    def create(self, request, *args, **kwargs):\n"
                "        serializer = self.get_serializer(data=request.data)\n"
                "        serializer.is_valid(raise_exception=True)\n"
                "        serializer.save()\n"
                "        return Response(serializer.data)\n")), frozenset({CREATE})),
    Variant("delete_answers_200", "destroy() overridden to answer 200 with a message",
            (IMPORT_RESPONSE, add_to_viewset(
                "    def destroy(self, request, *args, **kwargs):\n"
                "        self.get_object().delete()\n"
                '        return Response({"message": "Product deleted."})\n')), frozenset({DELETE})),
    Variant("negative_price_crashes", "price_cents declared as a plain IntegerField: -1 reaches the database",
            (declare_field("price_cents = serializers.IntegerField()"),), INPUT_GROUPS),
    Variant("blank_name_accepted", "name declared with allow_blank=True",
            (declare_field("name = serializers.CharField(max_length=100, allow_blank=True)"),), INPUT_GROUPS),
    Variant("whitespace_name_accepted", "name declared with trim_whitespace=False",
            (declare_field("name = serializers.CharField(max_length=100, trim_whitespace=False)"),), INPUT_GROUPS),
    Variant("long_name_accepted", "name declared without max_length (sqlite does not enforce it)",
            (declare_field("name = serializers.CharField()"),), INPUT_GROUPS),
    Variant("price_as_float", "price_cents declared as a FloatField",
            (declare_field("price_cents = serializers.FloatField(min_value=0)"),),
            frozenset({LIST, CREATE, VALIDATION, RETRIEVE, REPLACE, UPDATE})),
    Variant("unknown_id_crashes", "retrieve() uses Product.objects.get, so an unknown id is a 500",
            (IMPORT_RESPONSE, add_to_viewset(
                "    def retrieve(self, request, pk=None):\n"
                "        return Response(self.get_serializer(Product.objects.get(pk=pk)).data)\n")),
            frozenset({NOT_FOUND, DELETE})),
    Variant("list_newest_first", "the queryset is ordered by -id",
            (("queryset = Product.objects.all()", 'queryset = Product.objects.order_by("-id")'),), frozenset({LIST})),
    Variant("list_paginated", "a paginator wraps the list in an object",
            (("from rest_framework.authentication import TokenAuthentication\n",
              "from rest_framework.authentication import TokenAuthentication\n"
              "from rest_framework.pagination import PageNumberPagination\n"),
             add_to_viewset("    pagination_class = type('Pages', (PageNumberPagination,), {'page_size': 50})\n")),
            frozenset({LIST})),
    Variant("patch_validates_as_put", "partial_update() overridden without partial=True",
            (add_to_viewset("    def partial_update(self, request, *args, **kwargs):\n"
                            "        return self.update(request, *args, **kwargs)\n"),), frozenset({UPDATE})),
    Variant("put_is_partial", "update() always partial, so PUT accepts missing fields",
            (add_to_viewset("    def update(self, request, *args, **kwargs):\n"
                            '        kwargs["partial"] = True\n'
                            "        return super().update(request, *args, **kwargs)\n"),), frozenset({REPLACE})),
    Variant("soft_delete", "DELETE marks the product out of stock instead of deleting it",
            (add_to_viewset("    def perform_destroy(self, instance):\n"
                            "        instance.in_stock = False\n"
                            "        instance.save()\n"),), frozenset({DELETE})),
    Variant("session_auth_first", "SessionAuthentication listed first: 403 without WWW-Authenticate",
            (("from rest_framework.authentication import TokenAuthentication\n",
              "from rest_framework.authentication import SessionAuthentication, TokenAuthentication\n"),
             ("authentication_classes = [TokenAuthentication]",
              "authentication_classes = [SessionAuthentication, TokenAuthentication]")),
            frozenset({AUTH_REQUIRED}), part="B"),
    Variant("reads_need_token", "IsAuthenticated instead of IsAuthenticatedOrReadOnly",
            (("permissions.IsAuthenticatedOrReadOnly", "permissions.IsAuthenticated"),),
            frozenset({AUTH_READS_PUBLIC}), part="B"),
    Variant("no_token_authentication", "TokenAuthentication forgotten: the defaults ignore the token",
            (("    authentication_classes = [TokenAuthentication]\n", ""),),
            frozenset({AUTH_REQUIRED, AUTH_TOKEN_WORKS}), part="B"),
    Variant("no_permission", "no permission class: anyone may write",
            (("    permission_classes = [permissions.IsAuthenticatedOrReadOnly]\n", ""),),
            frozenset({AUTH_REQUIRED}), part="B"),
]


def urlpatterns_of(variant: Variant) -> list:
    """The variant's URL patterns for its part."""
    from . import drf_products  # needs Django configured

    module = build(drf_products, variant)
    return module.auth_urlpatterns if variant.part == "B" else module.urlpatterns
