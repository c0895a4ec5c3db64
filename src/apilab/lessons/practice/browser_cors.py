"""Practice in the lesson Calling-The-API-From-A-Browser: CORS allowing exactly the origins asked for.

Each check sends what a browser sends (an ``Origin`` header, and the ``OPTIONS`` preflight before a
JSON ``POST``) to the learner's API, served on a free port and stopped afterwards, and reads the
``Access-Control-Allow-Origin`` it gets back.
"""

from __future__ import annotations

from collections.abc import Callable

import requests

from apilab.lessons.practice.feedback import attempt, not_done, point, report
from apilab.serving.servers import serve

ELSEWHERE = "http://attacker.example"
SHOP = "https://shop.example.com"
PRACTICE_SERVER = "practice-cors"
REQUEST_SECONDS = 3


def allowed_origin(url: str, origin: str, preflight: bool) -> str | None:
    """The ``Access-Control-Allow-Origin`` a browser on ``origin`` gets: for a GET, or for a POST's preflight."""
    products = url + "/api/products/"
    if preflight:
        asking = {"Origin": origin, "Access-Control-Request-Method": "POST",
                  "Access-Control-Request-Headers": "content-type"}
        reply = requests.options(products, headers=asking, timeout=REQUEST_SECONDS)
        methods = reply.headers.get("Access-Control-Allow-Methods", "")
        if reply.status_code >= 400 or "POST" not in methods.upper():
            return None
    else:
        reply = requests.get(products, headers={"Origin": origin}, timeout=REQUEST_SECONDS)
    return reply.headers.get("Access-Control-Allow-Origin")


EVERY_ORIGIN = "*"


def origin_points(name: str, url: str, allowed: list[str], preflight: bool, unreachable: str = "") -> list:
    """One point per origin that must be allowed, and one for an origin that must be refused.

    A request that fails (no server, or no answer in time) is a failed point whose hint ends with ``unreachable``.
    """
    asked = "POST preflight" if preflight else "GET"
    points, failing = [], None
    for origin in [*allowed, ELSEWHERE]:
        what = f"{name}: {asked} from {origin} " + ("refused" if origin == ELSEWHERE else "allowed")
        if failing:
            points.append(point(False, what, "not asked: the request before it failed"))
            continue
        given, failing = attempt(allowed_origin, url, origin, preflight)
        if failing:
            points.append(point(False, what, failing + unreachable))
        elif origin == ELSEWHERE:
            points.append(point(given is None, what, "it was allowed to every origin (*): list your front ends' "
                                "origins only" if given == EVERY_ORIGIN
                                else "it was allowed: list your front ends' origins only, not every origin"))
        else:
            points.append(point(given in (origin, EVERY_ORIGIN), what,
                                "not allowed; list it exactly: scheme, host and port"))
    return points


def serve_learner_app(app, error: str | None, name: str) -> tuple[object, list]:
    """Serve the app a learner's function returned: ``(server, [])``, or ``(None, [a failed point])``."""
    if app is None:
        return None, [point(False, f"{name}: the app", error or "the function should return the Flask app")]
    server, error = attempt(serve, app, name=PRACTICE_SERVER)
    if server is None:
        return None, [point(False, f"{name}: the app", error)]
    return server, []


def check_both_spellings(make_app: Callable, page_origin: str) -> int | None:
    """The learner's Flask app allows the page's origin under both spellings of its host, and no other."""
    localhost = page_origin.replace("127.0.0.1", "localhost")
    app, error = attempt(make_app)
    if app is None and error is None:
        return not_done("make the function return a Flask app with CORS, and run this again")
    server, results = serve_learner_app(app, error, "Flask")
    if server is not None:
        with server:
            results += origin_points("Flask", server.url, [page_origin, localhost], preflight=False)
            results += origin_points("Flask", server.url, [localhost], preflight=True)
    return report(results)


def check_shop_origin(make_flask_app: Callable, django_url: str, page_origin: str) -> int | None:
    """Both APIs let the shop front at ``SHOP`` and the page send a JSON POST, and refuse every other origin."""
    app, error = attempt(make_flask_app)
    django_shop, _ = attempt(allowed_origin, django_url, SHOP, preflight=True)
    django_allows_shop = django_shop == SHOP
    if app is None and error is None and not django_allows_shop:
        return not_done(f"allow {SHOP} in a Flask app and in Django's settings, and run this again")
    server, results = serve_learner_app(app, error, "Flask")
    if server is not None:
        with server:
            results += origin_points("Flask", server.url, [SHOP, page_origin], preflight=True)
    results += origin_points("Django", django_url, [SHOP, page_origin], preflight=True,
                             unreachable="; run the cell that serves the Django API again")
    return report(results)
