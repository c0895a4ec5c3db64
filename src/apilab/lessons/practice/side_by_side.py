"""Practice in the lesson Side-By-Side: the error row and the total of the line-count table."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from apilab.lessons.code_size import count_lines
from apilab.lessons.practice.feedback import attempt, not_done, one_line, point, report

ERRORS_ROW = "errors in the contract's shapes"
TOTAL_ROW = "total"


def check_line_count(lines: pd.DataFrame, flask_errors: Callable) -> int | None:
    """Lesson Side-By-Side: the learner's error row and total row of the line-count table ``lines``."""
    if not isinstance(lines, pd.DataFrame) or ERRORS_ROW not in lines.index:
        return not_done(f'add the row "{ERRORS_ROW}" (and then "{TOTAL_ROW}") to `lines`, and run this again')
    if len(lines.columns) != 2:
        return report([point(False, "`lines` has two columns, one per build",
                             f"it has {len(lines.columns)}; run the cell that builds `lines` again, then your answer")])
    twice = lines.index[lines.index.duplicated()].unique()
    if len(twice):
        return report([point(False, "each row of `lines` is there once",
                             f"{one_line(repr(twice[0]), 40)} is there {int((lines.index == twice[0]).sum())} times; "
                             "run the cell that builds `lines` again, then your answer once (use lines.loc[…] = …)")])
    flask_column, django_column = lines.columns[0], lines.columns[1]
    row = lines.loc[ERRORS_ROW]
    flask_count, django_count = row[flask_column], row[django_column]
    results = [
        point(_same(flask_count, count_lines(flask_errors)), f"the Flask build's error code ({flask_column})",
              f"you counted {one_line(flask_count, 20)}; count the function that registers its error handlers"),
        point(_same(django_count, 0), f"DRF's error code ({django_column})",
              f"you counted {one_line(django_count, 20)}; which DRF code turns errors into the contract's shapes?"),
    ]
    if TOTAL_ROW not in lines.index:
        results.append(point(False, "the total row", f'add a "{TOTAL_ROW}" row: the sum of the rows above it'))
    else:
        parts = lines.drop(index=TOTAL_ROW)
        total_ok, _ = attempt(lambda: bool((lines.loc[TOTAL_ROW] == parts.sum()).all()))
        results.append(point(total_ok, "the total row",
                             f"each column's total is the sum of its {len(parts)} other rows, the error row included"))
    return report(results)


INVALID_PRODUCT = {"name": "Mug", "price_cents": -1}
BUILDS = ("Flask", "Django")
FILTER_GROUPS = ("list", "create")      # the contract's groups a list filter could break


def _same(value, expected) -> bool:
    """``value == expected``, False when the comparison itself fails (a learner's odd value)."""
    try:
        return bool(value == expected)
    except Exception:
        return False


def check_error_messages(messages: pd.DataFrame, flask_url: str, django_url: str) -> int | None:
    """Lesson Side-By-Side: the learner's table of the two builds' answers to one invalid product."""
    if not isinstance(messages, pd.DataFrame):
        return not_done("build `messages`, a DataFrame with columns Flask and Django, and run this again")
    results = []
    for build, url in zip(BUILDS, (flask_url, django_url)):
        if build not in messages.columns:
            results.append(point(False, f"the {build} column", f'name one column "{build}", one per build'))
            continue
        answered, error = attempt(_invalid_reply, url)
        if error:
            results.append(point(False, f"the {build} server answers",
                                 f"{error}; run the cell that serves the {build} build again"))
            continue
        status_code, answered_messages = answered
        column = messages[build]
        status = column.get("status")
        results.append(point(_same(status, status_code), f"{build}: the status",
                             f"you have {one_line(repr(status), 30)}; send the invalid product to the {build} server "
                             "and read the reply's status code"))
        listed = column.get("price_cents")
        results.append(point(_same(listed, answered_messages), f"{build}: the messages for price_cents",
                             f"a row \"price_cents\" holding the list the {build} server answers for that field"))
    return report(results)


def _invalid_reply(url: str) -> tuple[int, object]:
    """The status and the ``price_cents`` messages a server answers to ``INVALID_PRODUCT``."""
    import requests

    reply = requests.post(url + "/api/products/", json=INVALID_PRODUCT, timeout=10)
    body = reply.json()
    return reply.status_code, body.get("price_cents") if isinstance(body, dict) else None


def _listed(url: str, query: str) -> list[dict] | None:
    import requests

    reply = requests.get(url + "/api/products/" + query, timeout=10)
    body = reply.json() if reply.headers.get("Content-Type", "").startswith("application/json") else None
    if isinstance(body, dict):                  # a paginated list
        body = body.get("results")
    return body if reply.status_code == 200 and isinstance(body, list) else None


def _check_names(build: str) -> list[str]:
    return [f"{build} filter check, {name}" for name in ("in stock", "sold out")]


def _filter_points(build: str, url: str, remove: Callable[[], None]) -> list:
    """Create one product in stock and one out of it, ask the list for each; ``remove`` deletes both at the end."""
    import requests

    created = []
    try:
        for name, stock in zip(_check_names(build), (True, False)):
            created.append(requests.post(url + "/api/products/", json={"name": name, "price_cents": 100,
                                                                        "in_stock": stock}, timeout=10))
        if any(reply.status_code != 201 for reply in created):
            return [point(False, f"{build}: creating products", "POST /api/products/ no longer answers 201: "
                          "keep the build's other routes as they were")]
        ids = {reply.json()["id"]: reply.json()["in_stock"] for reply in created}
        points = []
        for query, stock in (("?in_stock=true", True), ("?in_stock=false", False)):
            listed = _listed(url, query)
            ok = (listed is not None and all(item.get("in_stock") is stock for item in listed)
                  and {item.get("id") for item in listed} >= {i for i, s in ids.items() if s is stock})
            points.append(point(ok, f"{build}: GET /api/products/{query}",
                                f"the list should hold only the products whose in_stock is {str(stock).lower()}"
                                " (read the query parameter in the list view)"))
        listed = _listed(url, "")
        points.append(point(listed is not None and {item.get("id") for item in listed} >= set(ids),
                            f"{build}: GET /api/products/ without the parameter",
                            "without ?in_stock the list should hold every product, as before"))
        return points
    finally:
        remove()


def _remove_django_rows() -> None:
    """Delete the filter check's products from Django's table, by the ORM (not by the learner's DELETE)."""
    from apilab.django_project.shop.models import Product

    Product.objects.filter(name__in=_check_names("Django")).delete()


def _django_product_ids() -> set[int]:
    from apilab.django_project.shop.models import Product

    return set(Product.objects.values_list("id", flat=True))


def _remove_django_rows_since(before: set[int]) -> None:
    """Delete every product added while the check ran (its own and the contract checks'), by the ORM."""
    from apilab.django_project.shop.models import Product

    Product.objects.exclude(id__in=before).delete()


def _remove_flask_rows(app, url: str) -> None:
    """Delete the filter check's products from the Flask app's tables by its SQLAlchemy, or by DELETE without one."""
    import requests

    names = _check_names("Flask")
    database = app.extensions.get("sqlalchemy")
    if database is None:                        # a store of the app's own: ask it, as a client would
        listed = _listed(url, "") or []
        for item in listed:
            if item.get("name") in names:
                requests.delete(f"{url}/api/products/{item.get('id')}/", timeout=10)
        return
    with app.app_context():
        for table in database.metadata.tables.values():
            if {"name", "in_stock"} <= set(table.columns.keys()):
                database.session.execute(table.delete().where(table.c.name.in_(names)))
        database.session.commit()


def _filter_points_or_error(build: str, url: str, remove: Callable[[], None]) -> list:
    points, error = attempt(_filter_points, build, url, lambda: attempt(remove))
    return points if error is None else [point(False, f"{build}: the list and its filter", error)]


def _served_filter_points(build: str, url: str, remove: Callable[[], None]) -> list:
    """The filter's points on a served build, then whether the contract's list and create checks still pass."""
    from apilab.contract import run_checks

    points = _filter_points_or_error(build, url, remove)
    points.append(point(run_checks(url, groups=FILTER_GROUPS).passed, f"{build}: the contract's list and create checks",
                        f"run_checks(url, groups={list(FILTER_GROUPS)}) shows which one fails"))
    return points


def check_in_stock_filter(make_flask_app: Callable, make_urlpatterns: Callable) -> int | None:
    """Lesson Side-By-Side: both builds filter their list with ``?in_stock=`` and still meet the contract.

    Serves the learner's Flask app and Django URL patterns on free ports, and stops them; Django's
    URL patterns are put back as they were.
    """
    from django.urls import get_resolver

    from apilab.django_project.setup import serve_django, use_urlpatterns
    from apilab.serving.servers import serve

    flask_app, flask_error = attempt(make_flask_app)
    urlpatterns, django_error = attempt(make_urlpatterns)
    if flask_app is None and urlpatterns is None and not flask_error and not django_error:
        return not_done("make the two functions return a Flask app and Django URL patterns, and run this again")
    results = []
    if flask_app is None:
        results.append(point(False, "the Flask app", flask_error or "the function should return a Flask app"))
    else:
        server, serve_error = attempt(serve, flask_app, name="practice-flask-filter")
        if server is None:
            results.append(point(False, "the Flask app", serve_error))
        else:
            with server:
                results += _served_filter_points("Flask", server.url, lambda: _remove_flask_rows(flask_app, server.url))
    if urlpatterns is None:
        results.append(point(False, "the Django URL patterns", django_error or "the function should return a list"))
    else:
        previous = list(get_resolver().url_patterns)
        before = _django_product_ids()
        try:
            server, serve_error = attempt(serve_django, urlpatterns, name="practice-django-filter")
            if server is None:
                results.append(point(False, "the Django URL patterns", serve_error))
            else:
                with server:
                    results += _served_filter_points("Django", server.url, _remove_django_rows)
        finally:
            use_urlpatterns(previous)
            _remove_django_rows_since(before)
    return report(results)
