"""The Products API contract as executable checks, for lessons, graders and tests.

``run_checks(base_url)`` sends real HTTP requests to a running API and returns
a ``ContractReport``: one row per check, grouped so graders can award points
per group. Part A (CRUD) has the groups ``list``, ``create``, ``validation``,
``retrieve``, ``replace``, ``update``, ``delete``, ``not_found`` and
``errors``; Part B (``part="B"``, authentication, needs a valid ``token``) has
``auth_required``, ``auth_reads_public`` and ``auth_token_works`` (every
Part A check, sent with the token). ``check_fresh_stores(create_app)`` checks
the Flask rule that every app has its own empty store (group
``fresh_stores``). ``GROUPS`` says what each group covers. A failed check is
one line: method, path, body sent, what was expected and what came back::

    report = contract.run_checks(server.url)
    report                                   # a summary in the notebook
    report.assert_groups("create", "validation")
"""

from __future__ import annotations

import argparse
import importlib.resources
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from apilab.contract.auth_checks import AUTH_CHECKS, AuthContext, wrong_token
from apilab.contract.client import UNIX_SCHEME, CheckFailed, ContractClient, one_line
from apilab.contract.context import LIST_PATH, CheckContext, detail_path, has_id
from apilab.contract.crud_checks import CRUD_CHECKS
from apilab.contract.groups import (  # re-exported: graders use the names
    AUTH_READS_PUBLIC,
    AUTH_REQUIRED,
    AUTH_TOKEN_WORKS,
    CREATE,
    DELETE,
    ERRORS,
    FRESH_STORES,
    GROUPS,
    LIST,
    NOT_FOUND,
    PART_GROUPS,
    REPLACE,
    RETRIEVE,
    UPDATE,
    VALIDATION,
)
from apilab.contract.report import CheckResult, ContractReport, compare_reports

__all__ = [
    "AUTH_READS_PUBLIC", "AUTH_REQUIRED", "AUTH_TOKEN_WORKS", "CREATE", "DELETE", "ERRORS", "FRESH_STORES",
    "GROUPS", "LIST", "NOT_FOUND", "PART_GROUPS", "REPLACE", "RETRIEVE", "UPDATE", "VALIDATION",
    "CheckResult", "ContractReport", "check_fresh_stores", "compare_reports", "fresh_stores_report", "openapi_document",
    "run_checks",
]

REQUEST_TIMEOUT = 5.0  # seconds one request may take before its check fails
TIME_BUDGET = 120.0  # seconds all the checks of one run may take
OPENAPI_FILE = "products_openapi.yaml"


def openapi_document() -> dict:
    """Return the contract as an OpenAPI 3 document (a dict, loaded from the packaged YAML file)."""
    import yaml

    text = importlib.resources.files("apilab.contract").joinpath(OPENAPI_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _base_url(base_url: Any, caller: str) -> str:
    """Validate a base URL (or a server handle with a ``.url``) and return it without a trailing slash."""
    url = getattr(base_url, "url", base_url)
    if not isinstance(url, str):
        raise TypeError(f"{caller}() needs the API's base URL as a string like 'http://127.0.0.1:5000', "
                        f"got {type(base_url).__name__}: {base_url!r:.60}")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "http+unix" and parts.netloc and parts.path in ("", "/") and not (parts.query or parts.fragment):
        return UNIX_SCHEME + parts.netloc  # an app on a Unix socket, as the grader serves one it verifies
    if parts.scheme != "http" or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"{caller}() needs an http:// base URL like 'http://127.0.0.1:5000', got {url!r}")
    if "/api/products" in parts.path:
        raise ValueError(f"{caller}() needs the base URL without /api/products/ (the checks add it), got {url!r}")
    return url.rstrip("/")


def _wanted_groups(part: str, groups: Iterable[str] | str | None) -> tuple[str, ...]:
    """The groups of ``part`` to run, in their usual order."""
    valid = PART_GROUPS[part]
    if groups is None:
        return valid
    chosen = [groups] if isinstance(groups, str) else groups
    try:
        chosen = list(chosen)
    except TypeError:
        raise TypeError(f"groups must be a list of group names, got {type(groups).__name__}") from None
    unknown = [group for group in chosen if group not in valid]
    if unknown or not chosen:
        raise ValueError(f"unknown group(s) {unknown} for part {part}; choose from {', '.join(valid)}")
    return tuple(group for group in valid if group in chosen)


def run_one(group: str, name: str, run: Callable, context: Any) -> CheckResult:
    """Run one check and turn its outcome into a CheckResult (never raises)."""
    try:
        run(context)
    except CheckFailed as failure:
        return CheckResult(group, name, False, one_line(str(failure), 600), getattr(failure, "cause", ""))
    except Exception as error:  # a check must report, never crash the run
        return CheckResult(group, name, False, one_line(f"the check could not finish: "
                                                        f"{type(error).__name__}: {error}", 300))
    return CheckResult(group, name, True)


def _clean_up(context: CheckContext) -> None:
    """Delete what the checks created (best effort; answers are not checked)."""
    for product_id in dict.fromkeys(context.created):
        if context.client.gave_up:
            return
        context.client.request("DELETE", detail_path(product_id))


SLASH_CHECK = "paths end with a slash"


def _trailing_slash_check(client: ContractClient, others: list[ContractClient], group: str) -> CheckResult | None:
    """None when the list path answers with its trailing slash; else a failed check, the clients going on without it.

    An API whose routes lack the slash fails this one check, and every other check is run on its
    paths without the slash: the mistake costs a check, not every check.
    """
    with_slash = client.request("GET", LIST_PATH)
    if with_slash.status != 404:
        return None
    without = client.request("GET", LIST_PATH.rstrip("/"))
    if without.status != 200:
        return None
    for each in [client, *others]:
        each.slashless = True
    return CheckResult(group, SLASH_CHECK, False,
                       f"GET {LIST_PATH} answered 404 while GET {LIST_PATH.rstrip('/')} answered 200: every path "
                       f"of the contract ends with a slash; the other checks were run without it")


def run_checks(base_url: str, part: str = "A", token: str | None = None,
               groups: Iterable[str] | None = None, *, timeout: float = REQUEST_TIMEOUT,
               other_values: bool = False) -> ContractReport:
    """Check the API at ``base_url`` against Part A (CRUD) or Part B (authentication) of the contract.

    ``base_url`` is like "http://127.0.0.1:5000" (a server handle from apilab.serve() works too);
    ``token`` is a valid key (needed for part B; sent as ``Authorization: Token <key>``),
    ``groups`` limits the run to some groups, ``timeout`` bounds each request in seconds;
    ``other_values=True`` checks the same rules with other names and values (the hidden tests do).
    """
    url = _base_url(base_url, "run_checks")
    if not isinstance(part, str) or part.upper() not in PART_GROUPS:
        raise ValueError(f"part must be 'A' (CRUD) or 'B' (authentication), got {part!r}")
    part = part.upper()
    if token is not None and (not isinstance(token, str) or not token.strip()):
        raise TypeError(f"token must be the key as a non-empty string, got {type(token).__name__}: {token!r:.40}")
    if part == "B" and token is None:
        raise ValueError("part 'B' needs token=<a valid key> (for Django: Token.objects.create(user=...).key)")
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    wanted = _wanted_groups(part, groups)
    client = ContractClient(url, token=token, timeout=timeout, budget=TIME_BUDGET)
    context = CheckContext(client, variant=1 if other_values else 0)
    others = [ContractClient(url, timeout=timeout, budget=TIME_BUDGET),
              ContractClient(url, token=wrong_token(), timeout=timeout, budget=TIME_BUDGET)]
    results = []
    try:
        slash = _trailing_slash_check(client, others, wanted[0])
        if part == "A":
            results = [run_one(c.group, c.name, c.run, context) for c in CRUD_CHECKS if c.group in wanted]
        else:
            auth_context = AuthContext(*others, authorized=context)
            results = [run_one(c.group, c.name, c.run, auth_context) for c in AUTH_CHECKS if c.group in wanted]
            if AUTH_TOKEN_WORKS in wanted:
                results += [run_one(AUTH_TOKEN_WORKS, f"{c.group}: {c.name}", c.run, context) for c in CRUD_CHECKS]
        results = ([slash] if slash else []) + results
        _clean_up(context)
    finally:
        for each in [client, *others]:
            each.close()
    title = f"Products API contract, part {part}, at {url}"
    return ContractReport(title, results, wanted)


FRESH_STORE_CHECKS = ["each create_app() call returns a new app",
                      "a new app starts with an empty store",
                      "a product created in one app does not appear in another"]


def check_fresh_stores(create_app: Callable[[], Any], token: str | None = None, *,
                       timeout: float = REQUEST_TIMEOUT) -> ContractReport:
    """Check that each ``create_app()`` call returns a new app with its own, empty store.

    Serves two apps, writes to one, and checks the other stays empty. For part B,
    pass a zero-argument callable (``lambda: create_app({KEY})``) and ``token=KEY``.
    """
    from apilab.serving.servers import serve

    if not callable(create_app) or hasattr(create_app, "wsgi_app"):  # a Flask app is callable too
        raise TypeError(f"check_fresh_stores() needs the function create_app itself (not create_app()), "
                        f"got {type(create_app).__name__}")
    if token is not None and (not isinstance(token, str) or not token.strip()):
        raise TypeError(f"token must be the key as a non-empty string, got {type(token).__name__}")
    apps = []
    for _ in range(2):
        try:
            apps.append(create_app())
        except Exception as error:
            return fresh_stores_report(problem=one_line(f"create_app() raised {type(error).__name__}: {error}"))
    if not all(callable(app) for app in apps):
        return fresh_stores_report(problem=f"create_app() returned {type(apps[0]).__name__}, not a Flask app")
    servers = []
    try:
        servers = [serve(app, name=f"contract-fresh-store-{n}") for n, app in enumerate(apps, 1)]
        return fresh_stores_report([server.url for server in servers], apps[0] is apps[1], token, timeout=timeout)
    finally:
        for server in servers:
            server.stop()


def fresh_stores_report(urls: list[str] | None = None, same_app: bool = False, token: str | None = None, *,
                        problem: str = "", timeout: float = REQUEST_TIMEOUT) -> ContractReport:
    """The fresh-store checks on two apps that two ``create_app()`` calls made, served at ``urls``.

    ``same_app`` says whether both calls returned the same object; ``problem`` fails every check
    with that reason (create_app() could not make the apps). Graders call this from outside the
    process that serves the apps.
    """
    names = FRESH_STORE_CHECKS
    results: list[CheckResult] = []
    clients = []

    def fail(reason: str) -> ContractReport:
        done = len(results)
        results.extend(CheckResult(FRESH_STORES, name, False, reason) for name in names[done:])
        return ContractReport("Each create_app() has its own store", results, (FRESH_STORES,))

    if problem or not urls:
        return fail(problem or "no apps to check")
    if same_app:
        return fail("create_app() returned the same app object twice: make a new Flask(...) inside it")
    results.append(CheckResult(FRESH_STORES, names[0], True))
    try:
        clients = [ContractClient(url, token=token, timeout=timeout, budget=30.0) for url in urls]
        before = []
        for client in clients:
            exchange = client.request("GET", LIST_PATH)
            products = exchange.parsed()
            if exchange.status != 200 or not isinstance(products, list):
                return fail(f"on a new app, {exchange.describe()}: expected 200 with a JSON array; "
                            f"got {exchange.got()}")
            before.append(products)
        if any(before):
            results.append(CheckResult(FRESH_STORES, names[1], False, one_line(
                f"GET /api/products/ on a new app: expected []; got 200 {before[0] or before[1]} "
                "(is the store a module-level variable? create it inside create_app())", 300)))
        else:
            results.append(CheckResult(FRESH_STORES, names[1], True))
        body = {"name": "contract check fresh store", "price_cents": 100, "in_stock": True}
        created = clients[0].request("POST", LIST_PATH, body)
        if created.status is None or not 200 <= created.status < 300 or not has_id(created.parsed()):
            return fail(f"on the first app, {created.describe()}: expected 201 with the product; "
                        f"got {created.got()}")
        exchange = clients[1].request("GET", LIST_PATH)
        products = exchange.parsed()
        if exchange.status == 200 and products == before[1]:
            results.append(CheckResult(FRESH_STORES, names[2], True))
        else:
            results.append(CheckResult(FRESH_STORES, names[2], False, one_line(
                f"after POST /api/products/ on the first app, GET /api/products/ on the second app: expected "
                f"200 {before[1]}; got {exchange.got()} (apps share a store: create it inside create_app())",
                300)))
    except CheckFailed as failure:
        return fail(one_line(str(failure), 300))
    finally:
        for client in clients:
            client.close()
    return ContractReport("Each create_app() has its own store", results, (FRESH_STORES,))


def main(argv: list[str] | None = None) -> int:
    """``apilab check URL [--part B --token KEY] [--group NAME ...]``: print the report; 0 when it passes."""
    parser = argparse.ArgumentParser(prog="apilab check", description="Check an API against the Products API contract.")
    parser.add_argument("url", help="the API's base URL, e.g. http://127.0.0.1:5000")
    parser.add_argument("--part", default="A", choices=["A", "B"], help="A: CRUD (default), B: authentication")
    parser.add_argument("--token", help="a valid key, for part B")
    parser.add_argument("--group", action="append", dest="groups", help="run only this group (repeatable)")
    options = parser.parse_args(argv)
    try:
        report = run_checks(options.url, part=options.part, token=options.token, groups=options.groups)
    except (TypeError, ValueError) as error:
        parser.error(str(error))
    print(report.summary().to_string(index=False))
    for line in report.failures:
        print(line)
    print(repr(report))
    return 0 if report.passed else 1
