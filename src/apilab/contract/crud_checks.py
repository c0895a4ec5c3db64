"""Part A of the Products API contract (CRUD) as checks, one small function each.

Each check creates the products it needs (names start with "contract check"
and a random marker), compares only what it created, and never assumes the
store is empty. A check fails by raising ``CheckFailed`` with one line.
"""

from __future__ import annotations

from typing import Any

from apilab.contract.client import NOTHING, CheckFailed, Exchange, describe_body, one_line
from apilab.contract.context import (
    LIST_PATH,
    Check,
    CheckContext,
    detail_path,
    expect_detail,
    expect_field_errors,
    expect_json_error,
    expect_product,
    has_id,
)
from apilab.contract.groups import CREATE, DELETE, ERRORS, LIST, NOT_FOUND, REPLACE, RETRIEVE, UPDATE, VALIDATION

# The invalid values of the contract's "What counts as invalid" (and no others):
# (field, how a check names it, the value, another value of the same kind); NOTHING means the
# field is left out. The run with other values and names (variant 1, the hidden tests) sends the other.
INVALID_VALUES = [
    ("name", "no name", NOTHING, NOTHING),
    ("name", 'name ""', "", ""),
    ("name", "a name of whitespace only", "  \t ", "\n \n"),
    ("name", "a name over 100 characters", "n" * 101, "long " * 40),
    ("name", "name null", None, None),
    ("name", "name a list", ["Lamp"], []),
    ("name", "name an object", {"text": "Lamp"}, {}),
    ("price_cents", "no price_cents", NOTHING, NOTHING),
    ("price_cents", "price_cents null", None, None),
    ("price_cents", "a negative price_cents", -1, -250),
    ("price_cents", "a fractional price_cents", 9.5, 0.25),
    ("price_cents", "price_cents a word", "abc", "twelve"),
    ("price_cents", "price_cents a list", [100], []),
    ("price_cents", "price_cents an object", {"cents": 100}, {}),
    ("in_stock", "in_stock a list", [True], []),
    ("in_stock", "in_stock an object", {"value": True}, {}),
]

# JSON bodies that are valid JSON but not an object: a 4xx with a JSON body, never a 5xx.
NOT_OBJECTS = [[{"name": "Lamp", "price_cents": 100}], "Lamp", 42, None]
NOT_OBJECTS_OTHER = [[], "", 0.5, True]


CRUD_CHECKS: list[Check] = []


def check(group: str, name: str):
    """Register the decorated function as a check of ``group``."""
    def register(func):
        CRUD_CHECKS.append(Check(group, name, func))
        return func
    return register


# --- list ---------------------------------------------------------------------------------

@check(LIST, "GET /api/products/ answers 200 with a JSON array of products")
def list_is_an_array(ctx: CheckContext) -> None:
    ctx.listing()


@check(LIST, "the list holds the created products with their fields")
def list_holds_created(ctx: CheckContext) -> None:
    created = [ctx.create(ctx.body("zebra", 300)), ctx.create(ctx.body("apple", 100, False))]
    exchange, products = ctx.listing()
    by_id = {product["id"]: product for product in products}
    for product in created:
        if by_id.get(product["id"]) != product:
            exchange.fail(f"200 with a list holding {describe_body(product)}",
                          f"200 with {describe_body(by_id.get(product['id'], 'no product with that id'))}")


@check(LIST, "the list is ordered by id, ascending")
def list_is_ordered(ctx: CheckContext) -> None:
    for word in ("yak", "bee", "mole"):  # names out of alphabetical order
        ctx.create(ctx.body(word))
    exchange, products = ctx.listing()
    ids = [product["id"] for product in products]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        exchange.fail("200 with products ordered by id", f"200 with ids in this order: {describe_body(ids)}")


# --- create -------------------------------------------------------------------------------

@check(CREATE, "POST answers 201 with the created product")
def create_answers_201(ctx: CheckContext) -> None:
    body = ctx.body("desk lamp", 2599, False)
    exchange = ctx.client.request("POST", LIST_PATH, body)
    ctx.remember(exchange)
    expect_product(exchange, 201, body)


@check(CREATE, "in_stock defaults to true")
def create_defaults_in_stock(ctx: CheckContext) -> None:
    body = {"name": ctx.name("kettle"), "price_cents": 1999}
    exchange = ctx.client.request("POST", LIST_PATH, body)
    ctx.remember(exchange)
    expect_product(exchange, 201, {**body, "in_stock": True})


@check(CREATE, "a name of 100 characters and a price of 0 are accepted")
def create_accepts_limits(ctx: CheckContext) -> None:
    name = ctx.name("").ljust(100, "x")
    body = {"name": name, "price_cents": 0, "in_stock": True}
    exchange = ctx.client.request("POST", LIST_PATH, body)
    ctx.remember(exchange)
    expect_product(exchange, 201, body)


@check(CREATE, "each created product gets a new id")
def create_gives_new_ids(ctx: CheckContext) -> None:
    first = ctx.create(ctx.body("first"))
    exchange = ctx.client.request("POST", LIST_PATH, ctx.body("second"))
    ctx.remember(exchange)
    second = expect_product(exchange, 201, ctx.body("second"))
    if second["id"] == first["id"]:
        exchange.fail(f"a new id (not {first['id']}, the previous product's)")


@check(CREATE, "a client-sent id is ignored")
def create_ignores_id(ctx: CheckContext) -> None:
    existing = ctx.create(ctx.body("existing"))
    body = {"id": existing["id"], **ctx.body("newcomer")}
    exchange = ctx.client.request("POST", LIST_PATH, body)
    ctx.remember(exchange)
    product = expect_product(exchange, 201, ctx.body("newcomer"))
    if product["id"] == existing["id"]:
        exchange.fail(f"a new id chosen by the server, not the id {existing['id']} that was sent")


@check(CREATE, "unknown fields are ignored")
def create_ignores_unknown_fields(ctx: CheckContext) -> None:
    body = {**ctx.body("mug"), "colour": "red"}
    exchange = ctx.client.request("POST", LIST_PATH, body)
    ctx.remember(exchange)
    product = expect_product(exchange, 201, ctx.body("mug"))
    if "colour" in product:
        exchange.fail('201 with a product without "colour" (unknown fields are ignored)')


# --- validation ---------------------------------------------------------------------------

def with_value(body: dict, field: str, value: Any) -> dict:
    """``body`` with ``field`` set to ``value`` (left out when value is NOTHING)."""
    if value is NOTHING:
        return {key: item for key, item in body.items() if key != field}
    return {**body, field: value}


def _post_invalid(field: str, usual: Any, other: Any):
    def run(ctx: CheckContext) -> None:
        body = with_value(ctx.body("invalid"), field, ctx.pick(usual, other))
        exchange = ctx.client.request("POST", LIST_PATH, body)
        ctx.remember(exchange)
        expect_field_errors(exchange, field)
    return run


for _field, _label, _value, _other in INVALID_VALUES:
    check(VALIDATION, f"POST with {_label} answers 400 with a message for {_field}")(
        _post_invalid(_field, _value, _other))


@check(VALIDATION, "a 400 for invalid fields says Content-Type: application/json")
def validation_error_is_json(ctx: CheckContext) -> None:
    exchange = ctx.client.request("POST", LIST_PATH, with_value(ctx.body("typed error"), "price_cents", -5))
    ctx.remember(exchange)
    expect_json_error(exchange, "400 with a JSON body and Content-Type: application/json")


@check(VALIDATION, "POST of JSON that is not an object (array, string, number, null) answers 4xx with JSON")
def post_not_an_object(ctx: CheckContext) -> None:
    for body in ctx.pick(NOT_OBJECTS, NOT_OBJECTS_OTHER):
        exchange = ctx.client.request("POST", LIST_PATH, body)
        ctx.remember(exchange)
        expect_json_error(exchange, "a 4xx with a JSON body (a body that is not a JSON object is invalid)")


# --- retrieve -----------------------------------------------------------------------------

@check(RETRIEVE, "GET /api/products/{id}/ answers 200 with that product")
def retrieve_answers_200(ctx: CheckContext) -> None:
    products = [ctx.create(ctx.body("chair", 4500)), ctx.create(ctx.body("table", 9900, False))]
    for product in products:
        expect_product(ctx.client.request("GET", detail_path(product["id"])), 200, product)


# --- replace (PUT) ------------------------------------------------------------------------

@check(REPLACE, "PUT answers 200 with every field replaced, and the change is kept")
def replace_answers_200(ctx: CheckContext) -> None:
    product = ctx.create(ctx.body("old name", 1000, True))
    body = ctx.body("new name", 2000, False)
    path = detail_path(product["id"])
    expect_product(ctx.client.request("PUT", path, body), 200, {"id": product["id"], **body})
    expect_product(ctx.client.request("GET", path), 200, {"id": product["id"], **body})


@check(REPLACE, "PUT keeps the product's id (a sent id is ignored)")
def replace_keeps_id(ctx: CheckContext) -> None:
    product = ctx.create(ctx.body("sofa"))
    body = {"id": product["id"] + 1000, **ctx.body("couch", 3000, False)}
    expect_product(ctx.client.request("PUT", detail_path(product["id"]), body), 200, {"id": product["id"]})


def _changes_nothing(ctx: CheckContext, exchange: Exchange, before: dict) -> None:
    after = ctx.fetch(before["id"])
    if after != before:
        raise CheckFailed(f"{exchange.describe()}: expected the product to stay {describe_body(before)}; "
                          f"got {exchange.status} and the product became {describe_body(after)}")


def _put_invalid(field: str, usual: Any, other: Any):
    def run(ctx: CheckContext) -> None:
        before = ctx.create(ctx.body("before put", 500, True))
        body = with_value(ctx.body("after put", 700, False), field, ctx.pick(usual, other))
        exchange = ctx.client.request("PUT", detail_path(before["id"]), body)
        expect_field_errors(exchange, field)
        _changes_nothing(ctx, exchange, before)
    return run


for _field, _label, _value, _other in INVALID_VALUES:
    check(REPLACE, f"PUT with {_label} answers 400 and changes nothing")(_put_invalid(_field, _value, _other))


def _not_an_object(method: str):
    def run(ctx: CheckContext) -> None:
        before = ctx.create(ctx.body(f"before {method.lower()} of a non-object"))
        for body in ctx.pick(NOT_OBJECTS, NOT_OBJECTS_OTHER):
            exchange = ctx.client.request(method, detail_path(before["id"]), body)
            expect_json_error(exchange, "a 4xx with a JSON body (a body that is not a JSON object is invalid)")
            _changes_nothing(ctx, exchange, before)
    return run


def _stores_no_extras(method: str):
    def run(ctx: CheckContext) -> None:
        product = ctx.create(ctx.body(f"{method.lower()} extras", 800, True))
        path = detail_path(product["id"])
        extra = ctx.pick("colour", "warehouse")
        changes = ctx.body(f"{method.lower()} extras changed", 900, False) if method == "PUT" else {"price_cents": 901}
        exchange = ctx.client.request(method, path, {**changes, "id": product["id"] + 500, extra: "red"})
        expect_product(exchange, 200, {**product, **changes})
        stored = ctx.fetch(product["id"])
        if set(stored) != {"id", "name", "price_cents", "in_stock"}:
            raise CheckFailed(f"{exchange.describe()}, then GET {path}: expected only id, name, price_cents and "
                              f"in_stock (unknown fields are ignored); got {describe_body(stored)}")
    return run


check(REPLACE, "PUT of JSON that is not an object answers 4xx with JSON and changes nothing")(_not_an_object("PUT"))
check(REPLACE, "PUT stores no unknown field and no client id")(_stores_no_extras("PUT"))


# --- update (PATCH) -----------------------------------------------------------------------

@check(UPDATE, "PATCH of price_cents alone changes only price_cents")
def update_price_only(ctx: CheckContext) -> None:
    product = ctx.create(ctx.body("lamp shade", 1500, False))
    path = detail_path(product["id"])
    expected = {**product, "price_cents": 1750}
    expect_product(ctx.client.request("PATCH", path, {"price_cents": 1750}), 200, expected)
    expect_product(ctx.client.request("GET", path), 200, expected)


@check(UPDATE, "PATCH of in_stock alone changes only in_stock")
def update_in_stock_only(ctx: CheckContext) -> None:
    product = ctx.create(ctx.body("rug", 8000, True))
    path = detail_path(product["id"])
    expected = {**product, "in_stock": False}
    expect_product(ctx.client.request("PATCH", path, {"in_stock": False}), 200, expected)
    expect_product(ctx.client.request("GET", path), 200, expected)


@check(UPDATE, "PATCH of name alone changes only name")
def update_name_only(ctx: CheckContext) -> None:
    product = ctx.create(ctx.body("vase", 1200, False))
    path = detail_path(product["id"])
    expected = {**product, "name": ctx.name("flower vase")}
    expect_product(ctx.client.request("PATCH", path, {"name": expected["name"]}), 200, expected)
    expect_product(ctx.client.request("GET", path), 200, expected)


def _patch_invalid(field: str, usual: Any, other: Any):
    def run(ctx: CheckContext) -> None:
        value = ctx.pick(usual, other)
        before = ctx.create(ctx.body("before patch", 500, True))
        # Another field changes validly in the same request: an invalid PATCH changes nothing at all.
        valid = {"price_cents": 900} if field != "price_cents" else {"name": ctx.name("after patch")}
        exchange = ctx.client.request("PATCH", detail_path(before["id"]), {**valid, field: value})
        expect_field_errors(exchange, field)
        _changes_nothing(ctx, exchange, before)
    return run


for _field, _label, _value, _other in INVALID_VALUES:
    if _value is not NOTHING:
        check(UPDATE, f"PATCH with {_label} answers 400 and changes nothing")(_patch_invalid(_field, _value, _other))

check(UPDATE, "PATCH of JSON that is not an object answers 4xx with JSON and changes nothing")(_not_an_object("PATCH"))
check(UPDATE, "PATCH stores no unknown field and no client id")(_stores_no_extras("PATCH"))


# --- delete -------------------------------------------------------------------------------

@check(DELETE, "DELETE answers 204 with an empty body")
def delete_answers_204(ctx: CheckContext) -> None:
    product = ctx.create(ctx.body("bin"))
    exchange = ctx.client.request("DELETE", detail_path(product["id"]))
    if exchange.status != 204 or exchange.text.strip():
        exchange.fail("204 with an empty body")


@check(DELETE, "a deleted product is gone: GET answers 404")
def delete_removes(ctx: CheckContext) -> None:
    product = ctx.create(ctx.body("ghost"))
    path = detail_path(product["id"])
    deleted = ctx.client.request("DELETE", path)
    if deleted.status is None or not 200 <= deleted.status < 300:
        deleted.fail("204 with an empty body")
    exchange = ctx.client.request("GET", path)
    if exchange.status != 404:
        exchange.fail(f"404 after DELETE {path}")


@check(DELETE, "ids are never reused after a delete")
def delete_never_reuses_ids(ctx: CheckContext) -> None:
    first = ctx.create(ctx.body("first of two"))
    deleted = ctx.client.request("DELETE", detail_path(first["id"]))
    if deleted.status is None or not 200 <= deleted.status < 300:
        deleted.fail("204 with an empty body")
    exchange = ctx.client.request("POST", LIST_PATH, ctx.body("second of two"))
    ctx.remember(exchange)
    second = exchange.parsed()
    if exchange.status is None or not 200 <= exchange.status < 300 or not has_id(second):
        exchange.fail("201 with the product")
    if second["id"] == first["id"]:
        exchange.fail(f"a new id, not {first['id']} (the id of the product just deleted)")


# --- not found ----------------------------------------------------------------------------

def _unknown(method: str):
    def run(ctx: CheckContext) -> None:
        path = detail_path(ctx.unknown_id())
        body = ctx.body("nobody") if method in ("PUT", "PATCH") else NOTHING
        expect_detail(ctx.client.request(method, path, body), 404)
    return run


for _method in ("GET", "PUT", "PATCH", "DELETE"):
    check(NOT_FOUND, f"{_method} of an unknown id answers 404 with a JSON detail")(_unknown(_method))


@check(NOT_FOUND, "a 404 says Content-Type: application/json")
def not_found_is_json(ctx: CheckContext) -> None:
    exchange = ctx.client.request("GET", detail_path(ctx.unknown_id()))
    expect_json_error(exchange, "404 with a JSON body and Content-Type: application/json")


# --- errors -------------------------------------------------------------------------------

def _not_allowed(method: str, on_detail: bool):
    def run(ctx: CheckContext) -> None:
        path = detail_path(ctx.create(ctx.body("target"))["id"]) if on_detail else LIST_PATH
        exchange = ctx.client.request(method, path, ctx.body("not allowed") if method != "DELETE" else NOTHING)
        ctx.remember(exchange)
        if exchange.status != 405:
            exchange.fail("405 Method Not Allowed")
        if exchange.text.strip():
            exchange.json("405 with a JSON body (or none)")
    return run


check(ERRORS, "DELETE /api/products/ answers 405")(_not_allowed("DELETE", False))
check(ERRORS, "PUT /api/products/ answers 405")(_not_allowed("PUT", False))
check(ERRORS, "POST /api/products/{id}/ answers 405")(_not_allowed("POST", True))


# What a 405's Allow header must list on each path, and must not (RFC 9110, section 15.5.6).
ALLOWED = {False: {"GET", "POST"}, True: {"GET", "PUT", "PATCH", "DELETE"}}


def _allow_header(methods: tuple[str, str], on_detail: bool):
    def run(ctx: CheckContext) -> None:
        method = ctx.pick(*methods)
        path = detail_path(ctx.create(ctx.body("target"))["id"]) if on_detail else LIST_PATH
        exchange = ctx.client.request(method, path, ctx.body("not allowed") if method != "DELETE" else NOTHING)
        ctx.remember(exchange)
        needed = ALLOWED[on_detail]
        expected = f"405 with an Allow header listing {', '.join(sorted(needed))} (and not {method})"
        if exchange.status != 405:
            exchange.fail(expected)
        allow = exchange.headers.get("allow")
        if allow is None:
            exchange.fail(expected, "405 with no Allow header")
        listed = {name.strip().upper() for name in allow.split(",") if name.strip()}
        if not needed <= listed or method in listed:
            exchange.fail(expected, f"405 with Allow: {one_line(allow)}")
    return run


check(ERRORS, "a 405 on /api/products/ lists the allowed methods in Allow")(_allow_header(("DELETE", "PUT"), False))
check(ERRORS, "a 405 on /api/products/{id}/ lists the allowed methods in Allow")(_allow_header(("POST", "POST"), True))


@check(ERRORS, "a 405 says Content-Type: application/json")
def not_allowed_is_json(ctx: CheckContext) -> None:
    exchange = ctx.client.request(ctx.pick("DELETE", "PUT"), LIST_PATH, NOTHING)
    expect_json_error(exchange, "405 with a JSON body and Content-Type: application/json")

BROKEN_JSON = '{"name": "Lamp", "price_cents": '


@check(ERRORS, "POST of a body that is not JSON answers 400 with a JSON detail")
def post_broken_json(ctx: CheckContext) -> None:
    expect_detail(ctx.client.request("POST", LIST_PATH, raw=BROKEN_JSON), 400)


@check(ERRORS, "a 400 for a body that is not JSON says Content-Type: application/json")
def broken_json_is_json(ctx: CheckContext) -> None:
    exchange = ctx.client.request("POST", LIST_PATH, raw=ctx.pick(BROKEN_JSON, "{'name': 'single quotes'}"))
    expect_json_error(exchange, "400 with a JSON body and Content-Type: application/json")


@check(ERRORS, "PATCH of a body that is not JSON answers 400 with a JSON detail")
def patch_broken_json(ctx: CheckContext) -> None:
    product = ctx.create(ctx.body("patched"))
    expect_detail(ctx.client.request("PATCH", detail_path(product["id"]), raw=BROKEN_JSON), 400)


@check(ERRORS, "responses with a body say Content-Type: application/json")
def json_content_type(ctx: CheckContext) -> None:
    product = ctx.create(ctx.body("typed"))
    for method, path, body in [("GET", LIST_PATH, NOTHING), ("POST", LIST_PATH, ctx.body("typed too")),
                               ("GET", detail_path(product["id"]), NOTHING),
                               ("PATCH", detail_path(product["id"]), {"price_cents": 1}),
                               ("POST", LIST_PATH, {"name": ""})]:
        exchange = ctx.client.request(method, path, body)
        if exchange.status is None:
            exchange.fail("an answer")
        if method == "POST":
            ctx.remember(exchange)
        if exchange.text.strip() and exchange.content_type != "application/json":
            exchange.fail("Content-Type: application/json",
                          f"{exchange.status} with Content-Type: {exchange.headers.get('content-type', '(none)')}")
