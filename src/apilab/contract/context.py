"""What the contract checks share: paths, what a product looks like, expectations, and the context.

``CheckContext`` carries the client and a random marker for product names,
creates the products a check needs and remembers them for the clean-up at the
end. Its setup steps accept any 2xx answer, so that a wrong status code costs
points in its own group only.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apilab.contract.client import NOTHING, CheckFailed, ContractClient, Exchange, describe_body

LIST_PATH = "/api/products/"


def detail_path(product_id: Any) -> str:
    """'/api/products/7/'."""
    return f"{LIST_PATH}{product_id}/"


def product_problem(value: Any) -> str | None:
    """Say what is wrong with a product as JSON, or None when it has the contract's fields and types."""
    if not isinstance(value, dict):
        return f"a JSON {type(value).__name__} instead of a product object"
    types = {"id": int, "name": str, "price_cents": int, "in_stock": bool}
    for name, kind in types.items():
        if name not in value:
            return f"a product without {name!r}"
        item = value[name]
        if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
            return f"{name!r} is {describe_body(item)}, not a JSON {'integer' if kind is int else kind.__name__}"
    return None


def has_id(value: Any) -> bool:
    """True for a JSON object with an integer id: enough for a setup step (the types are checked elsewhere)."""
    return isinstance(value, dict) and isinstance(value.get("id"), int) and not isinstance(value["id"], bool)


def differences(expected: dict, product: dict) -> str:
    """Describe how ``product`` differs from ``expected`` on the expected keys ('' when it does not)."""
    changed = [f"{key} {describe_body(product.get(key))} instead of {describe_body(value)}"
               for key, value in expected.items() if product.get(key, NOTHING) != value]
    return ", ".join(changed)


def expect_product(exchange: Exchange, status: int, expected: dict) -> dict:
    """Fail unless the answer is ``status`` with a product equal to ``expected`` on its keys."""
    wanted = f"{status} with the product {describe_body(expected)}"
    product = exchange.expect(status, wanted)
    problem = product_problem(product)
    if problem or differences(expected, product):
        exchange.fail(wanted, f"{exchange.status} with {problem or differences(expected, product)}")
    return product


def expect_field_errors(exchange: Exchange, field: str) -> None:
    """Fail unless the answer is 400 with a JSON object holding a list of messages under ``field``."""
    wanted = f'400 with a list of messages under "{field}"'
    errors = exchange.expect(400, wanted)
    messages = errors.get(field) if isinstance(errors, dict) else None
    if not (isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages)):
        exchange.fail(wanted)


def expect_json_error(exchange: Exchange, wanted: str) -> None:
    """Fail unless the answer is a 4xx whose body is JSON, sent with Content-Type: application/json."""
    if exchange.status is None or not 400 <= exchange.status < 500:
        exchange.fail(wanted)
    exchange.json(wanted)
    if exchange.content_type != "application/json":
        exchange.fail(wanted, f"{exchange.status} with Content-Type: {exchange.headers.get('content-type', '(none)')}")


def expect_detail(exchange: Exchange, status: int) -> None:
    """Fail unless the answer is ``status`` with a JSON object holding a 'detail' string."""
    wanted = f'{status} with a JSON "detail" string'
    body = exchange.expect(status, wanted)
    if not (isinstance(body, dict) and isinstance(body.get("detail"), str)):
        exchange.fail(wanted)


class CheckContext:
    """What the checks share: the client, a random marker for names, the products they created."""

    def __init__(self, client: ContractClient, variant: int = 0):
        self.client = client
        self.variant = variant
        self.marker = secrets.token_hex(3)
        self.created: list[int] = []

    def pick(self, usual: Any, other: Any) -> Any:
        """``usual`` in the usual run, ``other`` in the run with other values and names (variant 1)."""
        return other if self.variant else usual

    def name(self, word: str) -> str:
        """A product name this run can recognise: 'contract check 1a2b3c lamp' (variant 1: 'Über-Check 1a2b3c lamp')."""
        return f"{self.pick('contract check', 'Über-Check')} {self.marker} {word}"

    def body(self, word: str = "lamp", price_cents: int = 1250, in_stock: bool = True) -> dict:
        """A valid product body (other prices in variant 1)."""
        price = price_cents + 37 if self.variant and price_cents else price_cents
        return {"name": self.name(word), "price_cents": price, "in_stock": in_stock}

    def create(self, body: dict) -> dict:
        """POST a valid product and return it (any 2xx with a product will do here)."""
        exchange = self.client.request("POST", LIST_PATH, body)
        self.remember(exchange)
        product = exchange.parsed()
        if exchange.status is None or not 200 <= exchange.status < 300 or not has_id(product):
            ok = exchange.status is not None and 200 <= exchange.status < 300
            raise CheckFailed(f"could not create a product to check with: {exchange.describe()}: "
                              f"expected 201 with the product; got {exchange.got()}",
                              cause="" if ok else exchange.status_cause("201"))
        return product

    def remember(self, exchange: Exchange) -> None:
        """Note the id of a product that a request created, for the clean-up at the end."""
        product = exchange.parsed()
        if exchange.status is not None and 200 <= exchange.status < 300 and has_id(product):
            self.created.append(product["id"])

    def fetch(self, product_id: int) -> dict:
        """GET one product (any 2xx with a product will do here)."""
        exchange = self.client.request("GET", detail_path(product_id))
        product = exchange.parsed()
        if not 200 <= (exchange.status or 0) < 300 or not has_id(product):
            exchange.fail("200 with the product")
        return product

    def listing(self) -> tuple[Exchange, list]:
        """GET the list; fail unless it is 200 with a JSON array of products."""
        exchange = self.client.request("GET", LIST_PATH)
        products = exchange.expect(200, "200 with a JSON array of products")
        if not isinstance(products, list):
            exchange.fail("200 with a JSON array of products")
        for product in products:
            if product_problem(product):
                exchange.fail("200 with a JSON array of products", f"200 with {product_problem(product)}")
        return exchange, products

    def unknown_id(self) -> int:
        """An id no product has: far above every id the list shows."""
        products = self.client.request("GET", LIST_PATH).parsed()
        ids = [p["id"] for p in products if has_id(p)] if isinstance(products, list) else []
        return max(ids + self.created + [0]) + self.pick(1_000_000, 7_777)


@dataclass(frozen=True)
class Check:
    """One named check of a group; ``run`` raises CheckFailed when the API breaks the contract."""

    group: str
    name: str
    run: Callable[[CheckContext], None]
