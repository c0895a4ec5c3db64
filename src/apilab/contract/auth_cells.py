"""What exercise 4's test cells run: Part B of the contract and the production settings, as graded cells.

A token cell (``flask_*``, ``django_*``) serves the learner's API with keys it
picks and runs Part B's checks of its group, each check counting towards the
cell's points; with ``other_values=True`` (the hidden tests) it picks several
keys (Flask: ``create_app`` gets three; Django: three users' tokens) and checks
with one of the others, and ``*_token_works`` also checks that every key is
accepted, that a deleted token stops working (Django) and that each app has its
own store (Flask). A settings cell (``deploy_check_*``,
``settings_from_environment``) runs Django's deployment check or reads the
settings in a process of its own and is worth all its points or none.

The checks take a ``Target``: what serves the answer. In the notebook it is the
kernel (``KernelFlask``, ``KernelDjango``); the grader passes its own, which asks
a process of the learner's answer to serve it and runs these same checks from
outside (``apilab.grading.verify_auth``). Warnings never cost points: they are
kept as a note (``graded_cells.kept_aside``).
"""

from __future__ import annotations

import secrets
from typing import Any, Callable, Protocol

from apilab.contract.auth_checks import AUTH_CHECKS
from apilab.contract.checks import FRESH_STORE_CHECKS, fresh_stores_report, run_checks
from apilab.contract.client import ContractClient, one_line
from apilab.contract.context import LIST_PATH
from apilab.contract.crud_checks import CRUD_CHECKS
from apilab.contract.graded_cells import AUTH_CELLS, GRADED_SERVER, GradedCell, kept_aside
from apilab.contract.groups import AUTH_TOKEN_WORKS, FRESH_STORES
from apilab.contract.report import CheckResult

ASSIGNMENT = "04-auth-production"
EVERY_KEY = "every key given is accepted: POST /api/products/ with each answers 201"
DELETED_TOKEN = "a deleted token no longer works: POST /api/products/ with it answers 401"
HTTPS_CHECKS = {"security.W004", "security.W005", "security.W008", "security.W010", "security.W011",
                "security.W012", "security.W016", "security.W021"}
SETTINGS_CHECKS = {
    "deploy_check_https": "check --deploy finds no HTTPS issue (SSL redirect, HSTS with subdomains and "
                          "preload, secure cookies)",
    "deploy_check_others": "check --deploy --fail-level WARNING passes apart from HTTPS",
    "settings_from_environment": "SECRET_KEY and ALLOWED_HOSTS come from the environment, no check silenced",
}
SHOWN_FAILURES = 12  # failed checks a cell prints; the rest are counted (a wrong rule can fail a hundred)
HOSTS = (["api.example.com", "shop.example.com,www.shop.example.com"], ["store.example.org,api.store.example.org"])


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


def settings_result(grade_id: str, folder: str, other_values: bool = False,
                    wrap: Callable[[list], list] | None = None) -> CheckResult:
    """Run one settings cell's check on ``folder/production_settings.py`` in a process of its own."""
    from apilab.django_project.deploy_check import production_environment, run_deploy_check

    name = SETTINGS_CHECKS[grade_id]
    group = AUTH_CELLS[ASSIGNMENT][grade_id][1][0]
    environ = production_environment(DJANGO_ALLOWED_HOSTS="shop.example.com") if other_values else None
    try:
        if grade_id == "settings_from_environment":
            problem = _environment_problem(folder, HOSTS[1 if other_values else 0], wrap)
        else:
            check = run_deploy_check(folder, environ, wrap=wrap)
            problem = _deploy_problem(grade_id, check)
    except Exception as error:  # the settings could not be checked: the check fails, saying why
        problem = one_line(f"{error}" if isinstance(error, (OSError, RuntimeError)) else
                           f"{type(error).__name__}: {error}", 300)
    return CheckResult(group, name, not problem, problem)


def _deploy_problem(grade_id: str, check) -> str:
    if check.load_error:
        return f"production_settings.py should load in a new process; it failed with: {check.load_error}"
    https = grade_id == "deploy_check_https"
    issues = [check_id for check_id in check.ids if (check_id in HTTPS_CHECKS) == https]
    if https and issues:
        return (f"manage.py check --deploy should find no HTTPS issue; it found {', '.join(issues)} "
                "(run_deploy_check(SETTINGS_FOLDER).output says what each means)")
    if issues or (not https and not check.passed and not check.ids):  # failed, yet named no check
        return (f"manage.py check --deploy --fail-level WARNING should pass; it found {', '.join(issues) or 'a problem'} "
                "(run_deploy_check(SETTINGS_FOLDER).output says what each means)")
    return ""


def _environment_problem(folder: str, hosts_list: list[str], wrap) -> str:
    from apilab.django_project.deploy_check import read_settings

    for hosts in hosts_list:
        environment = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": hosts}
        values = read_settings(folder, ["SECRET_KEY", "ALLOWED_HOSTS", "SILENCED_SYSTEM_CHECKS"], environment,
                               wrap=wrap)
        if values.get("SECRET_KEY") != environment["DJANGO_SECRET_KEY"]:
            secret = values.get("SECRET_KEY")
            return ("SECRET_KEY should be the value of DJANGO_SECRET_KEY; with a new random DJANGO_SECRET_KEY it was "
                    f"a different value ({type(secret).__name__} of {len(str(secret))} characters)")
        allowed = values.get("ALLOWED_HOSTS")
        if not isinstance(allowed, list) or sorted(allowed) != sorted(hosts.split(",")):
            return f"ALLOWED_HOSTS should be the host names of DJANGO_ALLOWED_HOSTS={hosts!r}; found {allowed!r}"
        silenced = [each for each in values.get("SILENCED_SYSTEM_CHECKS") or [] if str(each).startswith("security.")]
        if silenced:
            return f"no deployment check should be silenced; SILENCED_SYSTEM_CHECKS holds {silenced}"
    return ""


def cell_points(grade_id: str, results: list[CheckResult]) -> float:
    """The points of a cell of exercise 4: token cells in proportion to the checks passed, settings cells all or none."""
    framework, _, points = AUTH_CELLS[ASSIGNMENT][grade_id]
    if framework == "settings":
        return float(points) if results and all(result.passed for result in results) else 0.0
    if not results:
        return 0.0
    return round(points * sum(result.passed for result in results) / len(results), 2)


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
        from apilab.django_project.shop.models import Product

        make_tokens(keys)
        Product.objects.all().delete()
        return serve_django(self.urlpatterns, name=GRADED_SERVER).url

    def serve_two(self, keys: list[str]) -> tuple[list[str], bool]:
        raise NotImplementedError("Django apps share the database")

    def delete_token(self, key: str) -> None:
        delete_token(key)


class AuthCell(GradedCell):
    """One test cell of exercise 4, run in the notebook's kernel."""

    def check_flask(self, create_app: Callable[[Any], Any], *, other_values: bool = False) -> None:
        """Serve ``create_app(keys)`` with keys this cell picks and run the cell's checks on it."""
        with kept_aside(self.notes):
            self.results.extend(token_results(KernelFlask(create_app), self.groups, other_values))

    def check_django(self, urlpatterns: Any, *, other_values: bool = False) -> None:
        """Serve ``urlpatterns`` with DRF tokens this cell makes and run the cell's checks on them."""
        with kept_aside(self.notes):
            self.results.extend(token_results(KernelDjango(urlpatterns), self.groups, other_values))

    def check_settings(self, folder: str, *, other_values: bool = False) -> None:
        """Run this settings cell's check on ``folder/production_settings.py`` in a new process."""
        with kept_aside(self.notes):
            self.results.append(settings_result(self.grade_id, folder, other_values))

    def score(self) -> float:
        return cell_points(self.grade_id, self.results)

    def points(self) -> float:
        """Print the first failed checks (each hint once) and the notes; return the points earned."""
        from apilab.contract.graded_cells import hint

        score = self.score()
        failures = [result.line() for result in self.results if not result.passed]
        rule = "all or nothing" if AUTH_CELLS[ASSIGNMENT][self.grade_id][0] == "settings" else "in proportion"
        print(f"{self.grade_id}: {len(self.results) - len(failures)} of {len(self.results)} checks passed, "
              f"{score:g} of {self.points_possible:g} points ({rule})")
        hints = []
        for line in failures[:SHOWN_FAILURES]:
            print(line)
            if hint(line) and hint(line) not in hints:
                hints.append(hint(line))
                print(f"    hint: {hint(line)}")
        if len(failures) > SHOWN_FAILURES:
            print(f"... and {len(failures) - SHOWN_FAILURES} more failed check(s)")
        if self.notes:
            print(f"Note (costs nothing): your app wrote {len(self.notes)} warning or log line(s) while it was "
                  f"checked, e.g. {self.notes[0][:200]}")
        return score
