"""Part B of the Products API contract (authentication) as checks.

Writes need ``Authorization: Token <key>``; without it, or with a wrong key,
they answer 401 with a JSON ``detail`` and a ``WWW-Authenticate`` header and
change nothing. Reads stay public. Only valid bodies on existing products
are sent without credentials: whether a server looks at the token or at the
body first is not part of the contract.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from apilab.contract.client import NOTHING, CheckFailed, ContractClient, Exchange, describe_body
from apilab.contract.context import LIST_PATH, CheckContext, detail_path, expect_product, has_id
from apilab.contract.groups import AUTH_READS_PUBLIC, AUTH_REQUIRED


@dataclass
class AuthContext:
    """A client without credentials, one with a wrong token, and the checks' context with the valid one."""

    anonymous: ContractClient
    wrong_token: ContractClient
    authorized: CheckContext


@dataclass(frozen=True)
class AuthCheck:
    """One named check of Part B."""

    group: str
    name: str
    run: Callable[[AuthContext], None]


AUTH_CHECKS: list[AuthCheck] = []


def wrong_token() -> str:
    """A key that no server issued, shaped like the keys servers issue (40 hex digits): an app letting in any
    key of the right length, without looking it up, is refused it."""
    return secrets.token_hex(20)


def expect_refused(exchange: Exchange) -> None:
    """Fail unless the answer is 401 with a JSON detail string and a WWW-Authenticate header."""
    wanted = '401 with a JSON "detail" string and a WWW-Authenticate header'
    body = exchange.expect(401, wanted)
    if not (isinstance(body, dict) and isinstance(body.get("detail"), str)):
        exchange.fail(wanted)
    if not exchange.headers.get("www-authenticate", "").strip():
        exchange.fail(wanted, f"401 without a WWW-Authenticate header: {exchange.got()}")


def _target(ctx: AuthContext) -> dict:
    """A product to aim writes at: a new one, or (when the token does not work) one already stored."""
    owner = ctx.authorized
    try:
        return owner.create(owner.body("guarded", 800, True))
    except CheckFailed:
        products = ctx.anonymous.request("GET", LIST_PATH).parsed()
        if isinstance(products, list) and products and has_id(products[0]):
            return _read(ctx, products[0]["id"])
        raise


def _read(ctx: AuthContext, product_id: int) -> dict:
    """GET one product, with the token or else without."""
    try:
        return ctx.authorized.fetch(product_id)
    except CheckFailed:
        exchange = ctx.anonymous.request("GET", detail_path(product_id))
        product = exchange.parsed()
        if exchange.status != 200 or not has_id(product):
            exchange.fail("200 with the product")
        return product


def _refused(method: str, credentials: str):
    def run(ctx: AuthContext) -> None:
        owner = ctx.authorized
        client = ctx.anonymous if credentials == "none" else ctx.wrong_token
        if method == "POST":
            body = owner.body(f"intruder {credentials}", 1, False)
            exchange = client.request(method, LIST_PATH, body)
            owner.remember(exchange)
            expect_refused(exchange)
            products = ctx.anonymous.request("GET", LIST_PATH).parsed()
            if isinstance(products, list) and any(p.get("name") == body["name"] for p in products if has_id(p)):
                exchange.fail("the product not to be created", f"{exchange.status} and the product was created")
            return
        before = _target(ctx)
        body = owner.body("intruder", 1, False) if method != "DELETE" else NOTHING
        exchange = client.request(method, detail_path(before["id"]), body)
        expect_refused(exchange)
        after = _read(ctx, before["id"])
        if after != before:
            raise CheckFailed(f"{exchange.describe()}: expected the product to stay {describe_body(before)}; "
                              f"got {exchange.status} and it became {describe_body(after)}")
    return run


for _method in ("POST", "PUT", "PATCH", "DELETE"):
    AUTH_CHECKS.append(AuthCheck(AUTH_REQUIRED, f"{_method} without credentials answers 401 and changes nothing",
                                 _refused(_method, "none")))
for _method in ("POST", "PUT", "PATCH", "DELETE"):
    AUTH_CHECKS.append(AuthCheck(AUTH_REQUIRED, f"{_method} with a wrong token answers 401 and changes nothing",
                                 _refused(_method, "wrong")))


def _reads_public(ctx: AuthContext, on_detail: bool) -> None:
    if on_detail:
        product = _target(ctx)
        expect_product(ctx.anonymous.request("GET", detail_path(product["id"])), 200, product)
    else:
        exchange = ctx.anonymous.request("GET", LIST_PATH)
        products = exchange.expect(200, "200 with a JSON array of products")
        if not isinstance(products, list):
            exchange.fail("200 with a JSON array of products")


AUTH_CHECKS.append(AuthCheck(AUTH_READS_PUBLIC, "GET /api/products/ without credentials answers 200",
                             lambda ctx: _reads_public(ctx, on_detail=False)))
AUTH_CHECKS.append(AuthCheck(AUTH_READS_PUBLIC, "GET /api/products/{id}/ without credentials answers 200",
                             lambda ctx: _reads_public(ctx, on_detail=True)))
