"""Practice in the lesson Overview: where each feature comes from, and a detail endpoint in both frameworks.

``FEATURES`` says, per framework, whether a feature ships with the framework's own package (and the
module that holds it) or needs a separate library (and one that adds it). A unit test imports each
module named as built in, so the table stays true to the installed versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from apilab.lessons.practice.feedback import attempt, not_done, one_line, point, report
from apilab.lessons.practice.wsgi_requests import ErrorsStream, status_hint, within_time

BUILT_IN = "built in"
EXTENSION = "extension"
FRAMEWORKS = ("Flask", "Django")

# feature: {framework: (where it comes from, the module of the framework that holds it, or a library that adds it)}
FEATURES = {
    "URL routing": {"Flask": (BUILT_IN, "flask.app"), "Django": (BUILT_IN, "django.urls")},
    "sessions": {"Flask": (BUILT_IN, "flask.sessions"), "Django": (BUILT_IN, "django.contrib.sessions")},
    "ORM (database models)": {"Flask": (EXTENSION, "Flask-SQLAlchemy"), "Django": (BUILT_IN, "django.db.models")},
    "migrations": {"Flask": (EXTENSION, "Flask-Migrate"), "Django": (BUILT_IN, "django.db.migrations")},
    "admin site": {"Flask": (EXTENSION, "Flask-Admin"), "Django": (BUILT_IN, "django.contrib.admin")},
    "user accounts and permissions": {"Flask": (EXTENSION, "Flask-Login"), "Django": (BUILT_IN, "django.contrib.auth")},
    "CSRF protection": {"Flask": (EXTENSION, "Flask-WTF"), "Django": (BUILT_IN, "django.middleware.csrf")},
    "OpenAPI documentation": {"Flask": (EXTENSION, "flask-smorest"), "Django": (EXTENSION, "drf-spectacular")},
}
PACKAGE_OF = {"Flask": "flask", "Django": "django"}


def _urlconf(urlpatterns) -> ModuleType:
    """A URL configuration of its own (a module object), for Django's test client to use for a while."""
    module = ModuleType("practice_urls")
    module.urlpatterns = list(urlpatterns)
    return module


def _said(value) -> str | None:
    text = " ".join(str(value).lower().replace("-", " ").split()) if value is not None else None
    return {"built in": BUILT_IN, "builtin": BUILT_IN, "extension": EXTENSION}.get(text, text)


def check_where_features_come_from(comes_with) -> int | None:
    """Lesson Overview: "built in" or "extension", per feature and framework, in the dict ``comes_with``."""
    if comes_with is None:
        return not_done('replace each None in `comes_with` with "built in" or "extension", then run this again')
    if not isinstance(comes_with, dict):
        return report([point(False, "`comes_with` is a dict: feature → {framework: answer}",
                             f"it is a {type(comes_with).__name__}; keep the template's shape")])
    answers = [value for row in comes_with.values() if isinstance(row, dict) for value in row.values()]
    if all(value is None for value in answers) and all(isinstance(row, dict) for row in comes_with.values()):
        return not_done('replace each None in `comes_with` with "built in" or "extension", then run this again')
    results = []
    for feature, truth in FEATURES.items():
        row = comes_with.get(feature)
        for framework in FRAMEWORKS:
            said = _said(row.get(framework)) if isinstance(row, dict) else None
            package = PACKAGE_OF[framework]
            if said not in (BUILT_IN, EXTENSION):
                hint = f'answer "{BUILT_IN}" or "{EXTENSION}" (you wrote {one_line(repr(said), 30)})'
            else:
                hint = f"does the {package} package itself hold it, or does a separate library add it?"
            results.append(point(said == truth[framework][0], f"{framework}: {feature}", hint))
    return report(results)


def _flask_replies(create_flask_app, urls, errors: ErrorsStream):
    client = create_flask_app().test_client()
    return [(reply.status_code, reply.get_json(silent=True))
            for reply in (client.get(url, errors_stream=errors) for url in urls)]


def _django_replies(urlpatterns, urls):
    import json

    from django.test import Client, override_settings

    with override_settings(ROOT_URLCONF=_urlconf(urlpatterns)):
        client = Client(raise_request_exception=False)
        replies, error = within_time(lambda: [client.get(url) for url in urls])
    if error:
        return None, error
    bodies = []
    for reply in replies:
        try:
            bodies.append(json.loads(reply.content))
        except ValueError:
            bodies.append(None)
    return [(reply.status_code, body) for reply, body in zip(replies, bodies)], None


def _endpoint_points(framework: str, replies, error, products: list[dict], errors: ErrorsStream | None) -> list:
    if error:
        return [point(False, f"{framework}: the endpoints answer", error)]
    (list_status, _), *found_replies, (missing_status, _) = replies
    results = [point(list_status == 200, f"{framework}: GET /api/products/ still answers 200",
                     status_hint(list_status, "/api/products/", errors, f"it answered {list_status}; keep the list"))]
    for wanted, (found_status, found) in zip(_probed(products), found_replies):
        url = f"/api/products/{wanted['id']}/"
        results.append(point(found_status == 200 and found == wanted, f"{framework}: GET {url} is that product",
                             status_hint(found_status, "/api/products/<id>/", errors,
                                         f"it answered {found_status}; does the pattern turn the id into an int "
                                         "and compare it with 'id'?")))
    results.append(point(missing_status == 404, f"{framework}: an id no product has answers 404",
                         status_hint(missing_status, "", errors, f"it answered {missing_status}; when no product "
                                     "matches, abort(404) or raise Http404")))
    return results


def _probed(products: list[dict]) -> list[dict]:
    """The products the check asks for by id: the first and the last."""
    return [products[0], products[-1]] if len(products) > 1 else list(products)


def check_detail_endpoint(create_flask_app, urlpatterns, products: list[dict]) -> int | None:
    """Lesson Overview: both builds answer GET /api/products/<id>/ with the product, or 404."""
    flask_app, flask_error = attempt(create_flask_app) if callable(create_flask_app) else (None, None)
    if flask_app is None and flask_error is None and not urlpatterns:
        return not_done("write `create_flask_app` and `urlpatterns` with the detail endpoint, then run this again")
    missing_id = max(product["id"] for product in products) + 1000
    urls = ["/api/products/", *(f"/api/products/{product['id']}/" for product in _probed(products)),
            f"/api/products/{missing_id}/"]
    if flask_error is None and not hasattr(flask_app, "test_client"):
        flask_error = f"`create_flask_app()` returned {type(flask_app).__name__}, not a Flask app"
    errors = ErrorsStream()
    flask, flask_error = (None, flask_error) if flask_error else within_time(_flask_replies, create_flask_app, urls,
                                                                            errors)
    if isinstance(urlpatterns, (list, tuple)) and urlpatterns:
        answered, django_error = attempt(_django_replies, urlpatterns, urls)
        django, django_error = answered if answered else (None, django_error)
    else:
        django, django_error = None, "`urlpatterns` must be the list of path() entries"
    return report(_endpoint_points("Flask", flask, flask_error, products, errors)
                  + _endpoint_points("Django", django, django_error, products, None))


MODULES_ROW = "framework modules loaded"


def check_reading_the_table(module_ratio, nothing_for_flask, comparison) -> int | None:
    """Lesson Overview: a ratio and a list of rows, read from the learner's run of the table ``comparison``."""
    if module_ratio is None and nothing_for_flask is None:
        return not_done("compute `module_ratio` and `nothing_for_flask` from `comparison`, then run this again")
    flask, django = float(comparison.loc[MODULES_ROW, "Flask"]), float(comparison.loc[MODULES_ROW, "Django"])
    ratio = django / flask if flask else float("inf")
    try:
        given = float(module_ratio)
    except (TypeError, ValueError):
        given = None
    if given is None:
        hint = f"`module_ratio` must be a number, not {type(module_ratio).__name__}"
    elif given and abs(1 / given - ratio) <= 0.02 * ratio:
        hint = "that is Flask's count per Django's: which column goes on top?"
    else:
        hint = f'you said {given:g}; divide the two counts of the row "{MODULES_ROW}"'
    zero_rows = {str(row) for row in comparison.index[comparison["Flask"] == 0]}
    named = _names(nothing_for_flask)
    if named is None:
        rows_hint = "`nothing_for_flask` must be a list of the table's row names"
    else:
        unknown = sorted(named - set(map(str, comparison.index)))
        rows_hint = (f"{one_line(repr(unknown[0]), 40)} is not a row of `comparison`" if unknown
                     else f"you named {len(named)} rows; keep those whose Flask count is 0, and all of them")
    return report([
        point(given is not None and abs(given - ratio) <= 0.02 * ratio,
              "framework modules: Django's count per Flask's", hint),
        point(named == zero_rows, "the rows where Flask needed nothing", rows_hint),
    ])


def _names(rows) -> set[str] | None:
    """The row names in any collection of them (a list, a pandas Index, a numpy array …), or None for a string."""
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        return None
    try:
        return {str(row) for row in rows}
    except Exception:
        return None
