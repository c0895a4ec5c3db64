"""Exercise 4's Part B checks: the contract's authentication rules on an answer served with keys the grader picks.

A token cell serves the learner's API with keys it picks and runs Part B's
checks of its groups; with ``other_values=True`` (the hidden tests) it picks
several keys (Flask: ``create_app`` gets three; Django: three users' tokens)
and checks with one of the others, and ``auth_token_works`` also checks that
every key is accepted, that a deleted token stops working (Django) and that
each app has its own store (Flask).

The checks take a ``Target``: what serves the answer. In the notebook it is the
kernel (``KernelFlask``, ``KernelDjango``); the grader passes its own, which
asks the verification process to serve it (``RunnerTarget``) and runs these
same checks from outside.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, Protocol

from apilab.contract.auth_checks import AUTH_CHECKS
from apilab.contract.checks import FRESH_STORE_CHECKS, fresh_stores_report, run_checks
from apilab.contract.client import ContractClient, one_line
from apilab.contract.context import LIST_PATH
from apilab.contract.crud_checks import CRUD_CHECKS
from apilab.contract.groups import AUTH_TOKEN_WORKS, FRESH_STORES
from apilab.contract.report import CheckResult

GRADED_SERVER = "graded-api"  # the name test cells serve the learner's app under; re-running replaces it
EVERY_KEY = "every key given is accepted: POST /api/products/ with each answers 201"
DELETED_TOKEN = "a deleted token no longer works: POST /api/products/ with it answers 401"


class Target(Protocol):
    """What serves the learner's answer for a token cell."""

    framework: str

    def serve(self, keys: list[str]) -> str:
        """Serve the API where ``keys`` are valid tokens (Django: over an emptied table); return its URL."""

    def serve_two(self, keys: list[str]) -> tuple[list[str], bool]:
        """Serve two apps of two create_app(keys) calls (Flask); return their URLs and whether they are one."""

    def delete_token(self, key: str) -> None:
        """Delete the token ``key`` (Django)."""


def new_keys(count: int) -> list[str]:
    """``count`` random keys, 40 hex characters like DRF's."""
    return [secrets.token_hex(20) for _ in range(count)]


def check_names(framework: str, groups: tuple[str, ...], other_values: bool) -> list[tuple[str, str]]:
    """The (group, check) of every check a token cell runs, in order."""
    names = [(check.group, check.name) for check in AUTH_CHECKS if check.group in groups]
    if AUTH_TOKEN_WORKS in groups:
        names += [(AUTH_TOKEN_WORKS, f"{check.group}: {check.name}") for check in CRUD_CHECKS]
        if other_values:
            names.append((AUTH_TOKEN_WORKS, EVERY_KEY))
            if framework == "flask":
                names += [(FRESH_STORES, name) for name in FRESH_STORE_CHECKS]
            else:
                names.append((AUTH_TOKEN_WORKS, DELETED_TOKEN))
    return names


def failed(names: list[tuple[str, str]], reason: str) -> list[CheckResult]:
    """Every check of ``names`` failed with ``reason``."""
    return [CheckResult(group, name, False, reason) for group, name in names]


def _post_with(url: str, key: str) -> tuple[int | None, str]:
    client = ContractClient(url, token=key, timeout=5.0, budget=30.0)
    try:
        exchange = client.request("POST", LIST_PATH, {"name": "key check", "price_cents": 100, "in_stock": True})
        return exchange.status, exchange.got()
    finally:
        client.close()


def every_key_result(url: str, keys: list[str]) -> CheckResult:
    """Whether a POST with each of ``keys`` answers 201."""
    for number, key in enumerate(keys, start=1):
        status, got = _post_with(url, key)
        if status != 201:
            return CheckResult(AUTH_TOKEN_WORKS, EVERY_KEY, False, one_line(
                f"POST /api/products/ with key {number} of {len(keys)}: expected 201; got {got}", 300))
    return CheckResult(AUTH_TOKEN_WORKS, EVERY_KEY, True)


def deleted_token_result(url: str, key: str) -> CheckResult:
    """Whether a POST with the deleted token ``key`` answers 401."""
    status, got = _post_with(url, key)
    if status != 401:
        return CheckResult(AUTH_TOKEN_WORKS, DELETED_TOKEN, False,
                           one_line(f"POST /api/products/ with a deleted token: expected 401; got {got}", 300))
    return CheckResult(AUTH_TOKEN_WORKS, DELETED_TOKEN, True)


def token_results(target: Target, groups: tuple[str, ...], other_values: bool = False) -> list[CheckResult]:
    """Run a token cell's checks on ``target`` (the hidden ones with ``other_values``); never raises."""
    names = check_names(target.framework, groups, other_values)
    keys = new_keys(3 if other_values else 1)
    try:
        url = target.serve(keys)
    except Exception as error:  # the learner's code failed to make or serve the app: every check fails
        return failed(names, one_line(f"the app could not be served: {type(error).__name__}: {error}", 300))
    results = run_checks(url, part="B", token=keys[-1], groups=groups, other_values=other_values).results
    if other_values and AUTH_TOKEN_WORKS in groups:
        results.append(every_key_result(url, keys))
        if target.framework == "flask":
            try:
                urls, same = target.serve_two(keys[:1])
                results += fresh_stores_report(urls, same, keys[0]).results
            except Exception as error:
                results += fresh_stores_report(problem=one_line(f"{type(error).__name__}: {error}", 300)).results
        else:
            try:
                target.delete_token(keys[0])
                results.append(deleted_token_result(url, keys[0]))
            except Exception as error:
                results.append(CheckResult(AUTH_TOKEN_WORKS, DELETED_TOKEN, False, f"{type(error).__name__}: {error}"))
    return results


class KernelFlask:
    """The notebook's own ``create_app(tokens)``, served in the kernel."""

    framework = "flask"

    def __init__(self, create_app: Callable[[Any], Any]):
        self.create_app = create_app

    def serve(self, keys: list[str]) -> str:
        from apilab.serving.servers import serve

        return serve(self.create_app(list(keys)), name=GRADED_SERVER).url

    def serve_two(self, keys: list[str]) -> tuple[list[str], bool]:
        from apilab.serving.servers import serve

        apps = [self.create_app(list(keys)), self.create_app(list(keys))]
        if not all(callable(app) for app in apps):
            raise TypeError(f"create_app(tokens) returned {type(apps[0]).__name__}, not a Flask app")
        urls = [serve(app, name=f"{GRADED_SERVER}-fresh-{n}").url for n, app in enumerate(apps)]
        return urls, apps[0] is apps[1]

    def delete_token(self, key: str) -> None:
        raise NotImplementedError("a Flask app's tokens are the keys create_app(tokens) was given")


def make_tokens(keys: list[str]) -> None:
    """Give the users grader-1, grader-2 ... the DRF tokens ``keys`` (users made when needed)."""
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    for number, key in enumerate(keys, start=1):
        user, _ = User.objects.get_or_create(username=f"grader-{number}")
        Token.objects.filter(user=user).delete()
        Token.objects.filter(key=key).delete()
        Token.objects.create(user=user, key=key)


def delete_token(key: str) -> None:
    """Delete the DRF token ``key``."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(key=key).delete()


class KernelDjango:
    """The notebook's own ``urlpatterns``, served in the kernel over an emptied Product table."""

    framework = "django"

    def __init__(self, urlpatterns: Any):
        self.urlpatterns = urlpatterns

    def serve(self, keys: list[str]) -> str:
        from apilab.django_project.setup import serve_django

        make_tokens(keys)
        return serve_django(self.urlpatterns, name=GRADED_SERVER, empty_products=True).url

    def serve_two(self, keys: list[str]) -> tuple[list[str], bool]:
        raise NotImplementedError("Django apps share the database")

    def delete_token(self, key: str) -> None:
        delete_token(key)


class NotServed(RuntimeError):
    """The verification process could not serve or prepare what the grader asked for."""


class RunnerTarget:
    """The verification process as a ``Target``: it serves the learner's answer, the grader checks it."""

    def __init__(self, runner, framework: str):
        self.runner = runner
        self.framework = framework

    def _ask(self, op: str, wanted: str, **params) -> dict:
        reply = self.runner.ask(op, **params)
        if wanted not in reply:
            raise NotServed(f"checked from outside: {reply.get('error', 'no reason given')}")
        return reply

    def serve(self, keys: list[str]) -> str:
        if self.framework == "django":
            self._ask("make_tokens", "done", keys=keys)
            return self._ask("serve", "url")["url"]
        return self._ask("serve_tokens", "url", keys=keys)["url"]

    def serve_two(self, keys: list[str]) -> tuple[list[str], bool]:
        reply = self._ask("serve_two_tokens", "urls", keys=keys)
        return reply["urls"], bool(reply.get("same"))

    def delete_token(self, key: str) -> None:
        self._ask("delete_token", "done", key=key)
