"""Exercise 6's checks: pages, filters, nested reviews and a query budget, on an API serving a known catalogue.

Every run serves the learner's API over a catalogue the checks chose
(``catalogue``), so each check knows exactly what a page, a filter or a
product's reviews must hold. Products are compared by name, price and stock,
never by id (a database gives the ids it likes); they are stored in the
catalogue's order, so id order is catalogue order. The query budget is counted
by whoever serves the app (``Target.queries``): the kernel's own counter in the
notebook, the grader's end of a pipe when verified.
"""

from __future__ import annotations

import math
import re
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from apilab.contract.checks import run_one
from apilab.contract.client import CheckFailed, ContractClient, Exchange, describe_body, one_line
from apilab.contract.context import LIST_PATH
from apilab.contract.report import CheckResult
from apilab.exercises.api_features.catalogue import catalogue as make_catalogue

PAGES, FILTERS, REVIEWS, BUDGET = "pages", "filters", "reviews", "query_budget"
PAGE_SIZE = 5  # products on a page when the client names no page_size
MAX_PAGE_SIZE = 50  # the most a client may ask for
QUERY_BUDGET = 4  # SQL queries a list may send, whatever its page size
UNKNOWN_ID = 987654


class Target(Protocol):
    """What serves the learner's API for exercise 6's checks."""

    framework: str

    def serve(self, catalogue: list[dict]) -> str:
        """Serve the API over ``catalogue`` (stored in its order); return its base URL."""

    def queries(self) -> int:
        """The SQL queries the served app has sent so far."""

    def recent(self) -> list[str]:
        """The last few SQL statements counted (to show which one repeats)."""


@dataclass
class Run:
    """One run of a cell's checks: the client, the catalogue served, and the query count."""

    client: ContractClient
    catalogue: list[dict]
    queries: Callable[[], int]
    recent: Callable[[], list[str]]

    def expected(self, keep: Callable[[dict], bool] = lambda product: True) -> list[dict]:
        return [product for product in self.catalogue if keep(product)]

    def get(self, path: str) -> Exchange:
        return self.client.request("GET", path)


def reviews_path(product_id: Any) -> str:
    """'/api/products/7/reviews/'."""
    return f"{LIST_PATH}{product_id}/reviews/"


def shown(products: list[dict]) -> str:
    return one_line(", ".join(str(product.get("name")) if isinstance(product, dict) else repr(product)
                              for product in products) or "none", 100)


def page_of(exchange: Exchange, expected: str) -> dict:
    """The page an answer holds ({"count", "next", "previous", "results"}), or fail saying what came back."""
    body = exchange.expect(200, expected)
    if not isinstance(body, dict) or not {"count", "next", "previous", "results"} <= set(body):
        raise CheckFailed(f"{exchange.describe()}: expected {expected}; got {exchange.status} {describe_body(body)} "
                          f"(not a page: count, next, previous, results)",
                          cause=f"GET {LIST_PATH} answered without pages: not {{count, next, previous, results}}")
    if not isinstance(body["results"], list) or not isinstance(body["count"], int):
        exchange.fail(expected, f"count {describe_body(body['count'])} and results "
                                f"{describe_body(body['results'])}: an integer and a list")
    return body


def listed(exchange: Exchange, expected: str) -> tuple[list, int | None]:
    """The products an answer lists and its count: from a page, or from a plain array (no count), so that a
    list without pages costs the checks of pages, not those of filters, reviews or the budget."""
    body = exchange.expect(200, expected)
    if isinstance(body, list):
        return body, None
    page = page_of(exchange, expected)
    return page["results"], page["count"]


def same_products(exchange: Exchange, got: list, wanted: list[dict], expected: str) -> None:
    """Fail unless ``got`` are ``wanted`` (name, price, stock), in that order."""
    def key(product):
        return ((product.get("name"), product.get("price_cents"), product.get("in_stock"))
                if isinstance(product, dict) else repr(product))

    if [key(product) for product in got] != [key(product) for product in wanted]:
        exchange.fail(expected, f"{len(got)} product(s): {shown(got)}")


def link_path(exchange: Exchange, link: Any, which: str, expected: str) -> str:
    """The path and query of a page's ``next`` or ``previous`` link, to follow on the API checked."""
    if not isinstance(link, str) or not link:
        exchange.fail(expected, f"{which} is {describe_body(link)}, not a link")
    parts = urllib.parse.urlsplit(link)
    return (parts.path or LIST_PATH) + (f"?{parts.query}" if parts.query else "")


def json_404(exchange: Exchange, what: str) -> None:
    """Fail unless the answer is a 404 with a JSON object holding a ``detail`` string."""
    body = exchange.expect(404, f"404 with a JSON detail ({what})")
    if not isinstance(body, dict) or not isinstance(body.get("detail"), str):
        exchange.fail("404 with a JSON object holding a detail string")


def query(**params: Any) -> str:
    return LIST_PATH + "?" + urllib.parse.urlencode(params)


# --- pages -------------------------------------------------------------------------------------

def first_page(run: Run) -> None:
    expected = f"200, a page of count {len(run.catalogue)} with the first {PAGE_SIZE} products and previous null"
    exchange = run.get(LIST_PATH)
    page = page_of(exchange, expected)
    same_products(exchange, page["results"], run.expected()[:PAGE_SIZE], expected)
    if page["count"] != len(run.catalogue) or page["previous"] is not None or not page["next"]:
        exchange.fail(expected, f"count {page['count']}, previous {describe_body(page['previous'])}, "
                                f"next {describe_body(page['next'])}")


def second_page(run: Run) -> None:
    wanted = run.expected()[PAGE_SIZE:2 * PAGE_SIZE]
    expected = f"200, a page with products {PAGE_SIZE + 1} to {2 * PAGE_SIZE}"
    exchange = run.get(query(page=2))
    same_products(exchange, page_of(exchange, expected)["results"], wanted, expected)
    first = run.get(LIST_PATH)
    following = run.get(link_path(first, page_of(first, "200, a page")["next"], "next", "a next link"))
    same_products(following, page_of(following, expected)["results"], wanted, "next of page 1: " + expected)


def last_page(run: Run) -> None:
    last = math.ceil(len(run.catalogue) / PAGE_SIZE)
    wanted = run.expected()[(last - 1) * PAGE_SIZE:]
    expected = f"200, page {last} with the last {len(wanted)} product(s) and next null"
    exchange = run.get(query(page=last))
    page = page_of(exchange, expected)
    same_products(exchange, page["results"], wanted, expected)
    if page["next"] is not None:
        exchange.fail(expected, f"next {describe_body(page['next'])}")
    back = run.get(link_path(exchange, page["previous"], "previous", "a previous link"))
    before = f"200, page {last - 1}, products {(last - 2) * PAGE_SIZE + 1} to {(last - 1) * PAGE_SIZE}"
    same_products(back, page_of(back, before)["results"], run.expected()[(last - 2) * PAGE_SIZE:(last - 1) * PAGE_SIZE],
                  "previous of the last page: " + before)


def page_sizes(run: Run) -> None:
    for asked, size in ((3, 3), (500, MAX_PAGE_SIZE)):
        expected = f"200, a page of the first {size} products (at most {MAX_PAGE_SIZE} on a page)"
        exchange = run.get(query(page_size=asked))
        same_products(exchange, page_of(exchange, expected)["results"], run.expected()[:size], expected)


def missing_pages(run: Run) -> None:
    last = math.ceil(len(run.catalogue) / PAGE_SIZE)
    for page in (last + 1, 0, "abc"):
        exchange = run.get(query(page=page))
        json_404(exchange, "no such page")


# --- filters -----------------------------------------------------------------------------------

def in_stock(run: Run) -> None:
    for value in (True, False):
        wanted = run.expected(lambda product, value=value: product["in_stock"] is value)
        expected = f"200, a page of count {len(wanted)}: only products with in_stock {str(value).lower()}"
        exchange = run.get(query(in_stock=str(value).lower(), page_size=MAX_PAGE_SIZE))
        results, count = listed(exchange, expected)
        same_products(exchange, results, wanted[:max(len(results), 1)], expected)  # page_size is the pages' check
        if count not in (None, len(wanted)):
            exchange.fail(expected, f"count {count}")


def price_bounds(run: Run) -> None:
    prices = sorted({product["price_cents"] for product in run.catalogue})
    low, high = prices[len(prices) // 4], prices[len(prices) // 2]  # prices some products have: both included
    wanted = run.expected(lambda product: low <= product["price_cents"] <= high)
    expected = f"200, a page of count {len(wanted)}: prices from {low} to {high}, both included"
    exchange = run.get(query(price_cents__gte=low, price_cents__lte=high, page_size=MAX_PAGE_SIZE))
    results, count = listed(exchange, expected)
    same_products(exchange, results, wanted[:max(len(results), 1)], expected)
    if count not in (None, len(wanted)):
        exchange.fail(expected, f"count {count}")


def filters_with_pages(run: Run) -> None:
    wanted = run.expected(lambda product: product["in_stock"])
    expected = f"200, page 2 of the products in stock (count {len(wanted)})"
    exchange = run.get(query(in_stock="true", page=2))
    page = page_of(exchange, expected)
    same_products(exchange, page["results"], wanted[PAGE_SIZE:2 * PAGE_SIZE], expected)
    if page["count"] != len(wanted):
        exchange.fail(expected, f"count {page['count']}")
    following = run.get(link_path(exchange, page["next"], "next", "a next link"))
    expected = "next keeps the filter: 200, page 3 of the products in stock"
    same_products(following, page_of(following, expected)["results"], wanted[2 * PAGE_SIZE:3 * PAGE_SIZE], expected)


def bad_filter(run: Run) -> None:
    exchange = run.get(query(price_cents__gte="cheap"))
    body = exchange.expect(400, "400 with a JSON object saying what is wrong")
    if not isinstance(body, dict) or not body:
        exchange.fail("400 with a JSON object saying what is wrong")


# --- reviews -----------------------------------------------------------------------------------

def review_key(review: Any) -> Any:
    return (review.get("author"), review.get("rating"), review.get("text")) if isinstance(review, dict) else review


def review_problem(review: Any) -> str | None:
    if not isinstance(review, dict):
        return f"a JSON {type(review).__name__} instead of a review"
    if not isinstance(review.get("id"), int) or isinstance(review.get("id"), bool):
        return "a review without an integer id"
    missing = [name for name in ("author", "rating", "text") if name not in review]
    return f"a review without {', '.join(missing)}" if missing else None


def same_reviews(exchange: Exchange, got: Any, wanted: list[dict], expected: str) -> None:
    if not isinstance(got, list):
        exchange.fail(expected, f"reviews {describe_body(got)}, not a list")
    problem = next((problem for problem in map(review_problem, got) if problem), None)
    if problem:
        exchange.fail(expected, problem)
    if [review_key(review) for review in got] != [review_key(review) for review in wanted]:
        exchange.fail(expected, f"reviews {describe_body([review_key(review) for review in got])}")
    if [review["id"] for review in got] != sorted(review["id"] for review in got):
        exchange.fail(expected, "reviews not in id order")


def nested_reviews(run: Run) -> None:
    expected = "200, each product with its reviews nested: id, author, rating, text, in id order"
    exchange = run.get(query(page_size=MAX_PAGE_SIZE))
    results, _ = listed(exchange, expected)
    same_products(exchange, results, run.expected()[:max(len(results), 1)], expected)
    for got, wanted in zip(results, run.catalogue):
        same_reviews(exchange, got.get("reviews"), wanted["reviews"], f"{expected}; of {wanted['name']}")


def product_with_reviews(run: Run) -> tuple[int, dict]:
    """The id and catalogue entry of a product that has reviews (read from the list)."""
    exchange = run.get(LIST_PATH)
    results, _ = listed(exchange, "200, the list (to find a product to review)")
    for got, wanted in zip(results, run.catalogue):
        if wanted["reviews"] and isinstance(got, dict) and isinstance(got.get("id"), int):
            return got["id"], wanted
    exchange.fail("a product of the first page with an id, to check its reviews")


def reviews_of_product(run: Run) -> None:
    product_id, wanted = product_with_reviews(run)
    expected = f"200, the {len(wanted['reviews'])} reviews of {wanted['name']} in id order"
    exchange = run.get(reviews_path(product_id))
    same_reviews(exchange, exchange.expect(200, expected), wanted["reviews"], expected)


def reviews_of_unknown_product(run: Run) -> None:
    missing = run.get(reviews_path(UNKNOWN_ID))
    json_404(missing, "no such product")


NEW_REVIEW = {"author": "grader", "rating": 4, "text": "Sturdy, and it arrived on time."}


def create_review(run: Run) -> None:
    product_id, wanted = product_with_reviews(run)
    path = reviews_path(product_id)
    exchange = run.client.request("POST", path, {"author": "grader", "rating": 5})
    expected = "201 with the review: its id, author, rating and text (\"\" when not sent)"
    body = exchange.expect(201, expected)
    if review_problem(body) or review_key(body) != ("grader", 5, ""):
        exchange.fail(expected)
    after = run.get(path)
    expected = "the new review last among the product's reviews"
    same_reviews(after, after.expect(200, expected), [*wanted["reviews"], {"author": "grader", "rating": 5,
                                                                          "text": ""}], expected)


INVALID_REVIEWS = [({"author": "grader", "rating": 0}, "rating"), ({"author": "grader", "rating": 6}, "rating"),
                   ({"author": "grader", "rating": "five"}, "rating"), ({"rating": 3}, "author"),
                   ({"author": "", "rating": 3}, "author")]


def invalid_reviews(run: Run) -> None:
    product_id, _ = product_with_reviews(run)
    path = reviews_path(product_id)
    before = run.get(path)
    stored = before.expect(200, "200, the product's reviews")
    for body, field in INVALID_REVIEWS:
        exchange = run.client.request("POST", path, body)
        expected = f"400 with a message under {field!r}"
        answer = exchange.expect(400, expected)
        if not isinstance(answer, dict) or field not in answer:
            exchange.fail(expected)
    after = run.get(path)
    expected = "the product's reviews unchanged after the refused ones"
    same_reviews(after, after.expect(200, expected), stored if isinstance(stored, list) else [], expected)


def review_unknown_product(run: Run) -> None:
    exchange = run.client.request("POST", reviews_path(UNKNOWN_ID), NEW_REVIEW)
    json_404(exchange, "no such product")


# --- the query budget --------------------------------------------------------------------------

def repeated(statements: list[str]) -> str:
    """The statement the last ones repeat most, shortened: what an N+1 runs for every product."""
    if not statements:
        return ""
    shapes = [re.sub(r"\b\d+\b", "?", statement) for statement in statements]  # the same query for other ids
    statement, times = Counter(shapes).most_common(1)[0]
    return f"; this one repeats: {one_line(statement, 90)}" if times > 1 else ""


def within_budget(run: Run, page_size: int) -> None:
    # No request before the first: what a cache could keep comes from a list that was counted. (A connection's
    # set-up reads no table, so it is not counted.)
    path = query(page_size=page_size)
    before = run.queries()
    exchange = run.get(path)
    sent = run.queries() - before
    expected = f"200 with {page_size} products, in at most {QUERY_BUDGET} SQL queries"
    results, _ = listed(exchange, expected)  # page_size is the pages' check: its first products are compared
    shown = max(min(len(results), page_size), 1)
    same_products(exchange, results[:shown], run.expected()[:shown], expected)
    if sent == 0:
        raise CheckFailed(f"GET {path}: no SQL query was counted while it was answered: the products and their "
                          f"reviews must be read from the SQLite database, by the request",
                          cause="the list sent no SQL query that could be counted")
    if sent > QUERY_BUDGET:
        raise CheckFailed(f"GET {path}: {sent} SQL queries for {len(results)} products; the budget is {QUERY_BUDGET} "
                          f"whatever the page size (the N+1 problem?){repeated(run.recent())}",
                          cause=f"the list sends more SQL queries than the budget of {QUERY_BUDGET}")


CHECKS: dict[str, list[tuple[str, Callable[[Run], None]]]] = {
    PAGES: [
        ("the list is a page {count, next, previous, results}: the first 5 products, previous null", first_page),
        ("?page=2 holds products 6 to 10, and so does following next from page 1", second_page),
        ("the last page holds the rest with next null; following previous goes back one page", last_page),
        (f"?page_size=3 gives 3 products a page; ?page_size=500 gives {MAX_PAGE_SIZE}", page_sizes),
        ("a page past the last, page=0 and page=abc answer 404 with a JSON detail", missing_pages),
    ],
    FILTERS: [
        ("?in_stock=true and ?in_stock=false keep only those products, and count them", in_stock),
        ("?price_cents__gte=&price_cents__lte= keep the prices between, both bounds included", price_bounds),
        ("filters combine with pages: count is the filtered count, and next keeps the filter", filters_with_pages),
        ("?price_cents__gte=cheap answers 400 with a JSON object", bad_filter),
    ],
    REVIEWS: [
        ("each product in the list holds its reviews, nested, in id order", nested_reviews),
        ("GET /api/products/<id>/reviews/ lists that product's reviews in id order", reviews_of_product),
        ("GET /api/products/<id>/reviews/ of an unknown product answers 404 with a JSON detail",
         reviews_of_unknown_product),
        ("POST /api/products/<id>/reviews/ answers 201 with the review, then listed", create_review),
        ("an invalid review (rating 0, 6 or 'five'; no or empty author) answers 400; nothing stored",
         invalid_reviews),
        ("a review of an unknown product answers 404 with a JSON detail", review_unknown_product),
    ],
    BUDGET: [
        (f"GET /api/products/?page_size=5 sends at most {QUERY_BUDGET} SQL queries",
         lambda run: within_budget(run, 5)),
        (f"GET /api/products/?page_size={MAX_PAGE_SIZE} sends at most {QUERY_BUDGET} SQL queries",
         lambda run: within_budget(run, MAX_PAGE_SIZE)),
    ],
}


def check_names(groups: tuple[str, ...]) -> list[tuple[str, str]]:
    """The (group, check) of every check of ``groups``, in order."""
    return [(group, name) for group in groups for name, _ in CHECKS[group]]


def feature_results(target: Target, groups: tuple[str, ...], other_values: bool = False) -> list[CheckResult]:
    """Serve the answer over a catalogue (another with ``other_values``) and run the checks of ``groups``."""
    catalogue = make_catalogue(other_values)
    names = check_names(groups)
    try:
        url = target.serve(catalogue)
    except Exception as error:  # the learner's code failed to make or serve the app: every check fails
        reason = one_line(f"the app could not be served: {type(error).__name__}: {error}", 300)
        return [CheckResult(group, name, False, reason) for group, name in names]
    client = ContractClient(url, timeout=5.0, budget=90.0)
    try:
        run = Run(client, catalogue, target.queries, target.recent)
        return [run_one(group, name, check, run) for group in groups for name, check in CHECKS[group]]
    finally:
        client.close()
