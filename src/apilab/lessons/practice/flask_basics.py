"""Practice in the lesson Flask-The-Lightweight-Choice: JSON errors, 201 with a Location, a DELETE route.

Each check sends requests to the learner's app with Flask's test client (no server needed) and
looks only at what comes back: status codes, the JSON bodies and the headers.
"""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from apilab.lessons.practice.feedback import attempt, not_done, point, report
from apilab.lessons.practice.wsgi_requests import ErrorsStream, status_hint, within_time

SAMPLE = {3: {"id": 3, "name": "Sugar bowl", "price_cents": 1200}, 7: {"id": 7, "name": "Milk jug", "price_cents": 900}}
NEW_PRODUCT = {"name": "Teapot", "price_cents": 2500}
NOT_FOUND = {"detail": "Not found."}


def _is_json_detail(reply) -> bool:
    body = reply.get_json(silent=True)
    return reply.is_json and isinstance(body, dict) and isinstance(body.get("detail"), str)


def _flask_app(factory, *args):
    """The app ``factory(*args)`` builds, or raise a readable error (turned into a ✗ by ``attempt``)."""
    app = factory(*args)
    if not hasattr(app, "test_client"):
        raise TypeError(f"the factory returned {type(app).__name__}, not a Flask app")
    return app


def _lookup_replies(create_lookup_app, errors: ErrorsStream):
    client = _flask_app(create_lookup_app, copy.deepcopy(SAMPLE)).test_client()
    return {name: client.open(url, method=method, errors_stream=errors) for name, (method, url) in {
        "found": ("GET", "/api/products/7/"), "missing": ("GET", "/api/products/999/"),
        "not a number": ("GET", "/api/products/abc/"), "unknown path": ("GET", "/nowhere/"),
        "wrong method": ("DELETE", "/api/products/7/")}.items()}


def check_not_found_json(create_lookup_app) -> int | None:
    """Lesson Flask: the product by id, and every error (404, 405) as JSON ``{"detail": ...}``."""
    probe, error = attempt(create_lookup_app, copy.deepcopy(SAMPLE)) if callable(create_lookup_app) else (None, None)
    if probe is None and error is None:
        return not_done("write the factory `create_lookup_app(products)` so it returns an app, then run this again")
    errors = ErrorsStream()
    replies, error = within_time(_lookup_replies, create_lookup_app, errors)
    if error:
        return report([point(False, "the app answers", error)])
    found, missing = replies["found"], replies["missing"]
    results = [
        point(found.status_code == 200 and found.get_json(silent=True) == SAMPLE[7],
              "GET /api/products/7/ answers that product",
              status_hint(found.status_code, "/api/products/<int:product_id>/", errors,
                          f"it answered {found.status_code}; look the id up in the `products` the factory received")),
        point(missing.status_code == 404 and _is_json_detail(missing), "an unknown id: 404 with a JSON detail",
              status_hint(missing.status_code if missing.status_code == 500 else None, "", errors,
                          f"it answered {missing.status_code}{_kind(missing)}; send a detail body with 404 "
                          "or abort(404)")),
    ]
    for name in ("not a number", "unknown path"):
        reply = replies[name]
        results.append(point(reply.status_code == 404 and _is_json_detail(reply), f"{name}: 404 with a JSON detail",
                             status_hint(reply.status_code if reply.status_code == 500 else None, "", errors,
                                         f"it answered {reply.status_code}{_kind(reply)}; Flask answered this one, "
                                         "so only an error handler can make it JSON")))
    wrong = replies["wrong method"]
    allowed = wrong.headers.get("Allow", "")
    results.append(point(wrong.status_code == 405 and _is_json_detail(wrong) and "GET" in allowed,
                         "a method the path does not take: 405, JSON detail, and its Allow header",
                         f"it answered {wrong.status_code} with Allow {allowed!r}; "
                         "keep the error's own headers"))
    return report(results)


def _kind(reply) -> str:
    """`` (JSON)`` or `` (not JSON)``: what kind of body came back, never the body or its whole content type."""
    return " (JSON)" if reply.is_json else " (not JSON)"


def _located_replies(create_located_app, errors: ErrorsStream):
    client = _flask_app(create_located_app).test_client()
    created = client.post("/api/products/", json={**NEW_PRODUCT, "id": 99, "is_admin": True}, errors_stream=errors)
    location = created.headers.get("Location")
    fetched = client.get(urlsplit(location).path, errors_stream=errors) if location else None
    other = _flask_app(create_located_app).test_client().get("/api/products/", errors_stream=errors)
    return created, location, fetched, other


def check_created_location(create_located_app) -> int | None:
    """Lesson Flask: POST answers 201 with a Location that leads to the product; each app has its own store."""
    probe, error = attempt(create_located_app) if callable(create_located_app) else (None, None)
    if probe is None and error is None:
        return not_done("write the factory `create_located_app()` so it returns an app, then run this again")
    errors = ErrorsStream()
    replies, error = within_time(_located_replies, create_located_app, errors)
    if error:
        return report([point(False, "the app answers", error)])
    created, location, fetched, other = replies
    body = created.get_json(silent=True) if created.is_json else None
    body = body if isinstance(body, dict) else {}
    listed = other.get_json(silent=True)
    results = [
        point(created.status_code == 201, "POST /api/products/ answers 201",
              status_hint(created.status_code, "/api/products/", errors,
                          f"it answered {created.status_code}; return the product and the status code")),
        point(bool(location), "the answer has a Location header",
              "return the headers as the third value of the view's answer"),
        point(fetched is not None and fetched.status_code == 200 and fetched.get_json(silent=True) == body,
              "GET on the Location answers the new product",
              status_hint(getattr(fetched, "status_code", None), "/api/products/<int:product_id>/", errors,
                          f"it answered {getattr(fetched, 'status_code', None)}; url_for() builds the URL "
                          "of the product's view")),
        point(created.status_code == 201 and body.get("id") != 99 and "is_admin" not in body,
              "a client-sent id or unknown field is not stored",
              "copy only the fields a client may set" if created.status_code == 201
              else "the product must be created (201) first"),
        point(other.status_code == 200 and listed == [], "a second app starts empty",
              status_hint(other.status_code, "/api/products/", errors,
                          f"it answered {other.status_code} with "
                          f"{len(listed) if isinstance(listed, list) else 'no'} products; "
                          "keep the store inside the factory")),
    ]
    return report(results)


class Unanswered(Exception):
    """The DELETE requests raised or took too long (the message says which)."""


def _delete_replies(app_v2, db, row_class, errors: ErrorsStream):
    with app_v2.app_context():
        row = row_class(name="Check item", price_cents=1)
        db.session.add(row)
        db.session.commit()
        row_id = row.id
    client = app_v2.test_client()
    try:
        sent, error = within_time(lambda: [client.delete(f"/api/products/{row_id}/", errors_stream=errors)
                                           for _ in range(2)])
        if error:
            raise Unanswered(error)
        first, second = sent
    finally:
        with app_v2.app_context():
            left = db.session.get(row_class, row_id)
            if left is not None:
                db.session.delete(left)
                db.session.commit()
    return first, second, left is None


def _database_of(app, db) -> Path | None:
    """The SQLite file ``app``'s engine uses, or None (not SQLite, or in memory)."""
    with app.app_context():
        url = db.engine.url
    return Path(url.database).resolve() if url.get_backend_name() == "sqlite" \
        and url.database not in (None, "", ":memory:") else None


def _row_exists(database_file, table: str, row_id: int) -> bool:
    with sqlite3.connect(f"file:{database_file}?mode=ro", uri=True) as connection:
        return connection.execute(f'SELECT 1 FROM "{table}" WHERE id = ?', (row_id,)).fetchone() is not None


def check_delete_route(app_v2, db, row_class, kettle_id: int, database_file=None) -> int | None:
    """Lesson Flask: DELETE answers 204 and removes the row, then 404 with the contract's body; the Kettle is gone.

    With ``database_file`` (the lesson's SQLite file), ``app_v2`` must use that database, and the Kettle
    is looked up in it.
    """
    if app_v2 is None:
        return not_done("build `app_v2` with the DELETE route registered, use it, then run this again")
    if not hasattr(app_v2, "test_client"):
        return report([point(False, "`app_v2` is a Flask app", f"it is a {type(app_v2).__name__}")])
    results = []
    if database_file is not None:
        used, error = attempt(_database_of, app_v2, db)
        same = used is not None and used == Path(database_file).resolve()
        results.append(point(same, "`app_v2` uses the lesson's database (database_file)",
                             error or "set its SQLALCHEMY_DATABASE_URI as db_app's is, then db.init_app(app_v2)"))
        if not same:
            return report(results)
    errors = ErrorsStream()
    replies, error = attempt(_delete_replies, app_v2, db, row_class, errors)
    if error:
        return report(results + [point(False, "the app deletes a row", error.removeprefix("Unanswered: "))])
    first, second, removed = replies
    if database_file is not None:
        kettle_left = _row_exists(database_file, row_class.__tablename__, kettle_id)
    else:
        with app_v2.app_context():
            kettle_left = db.session.get(row_class, kettle_id) is not None
    return report(results + [
        point(first.status_code == 204 and not first.data, "deleting a product answers 204 with an empty body",
              status_hint(first.status_code, "/api/products/<int:product_id>/", errors,
                          f"it answered {first.status_code}; return an empty body with 204")),
        point(removed and first.status_code == 204, "the row is gone from the database",
              "delete the row from the session and commit"),
        point(second.status_code == 404 and second.get_json(silent=True) == NOT_FOUND,
              "deleting it again answers 404 with the contract's body",
              status_hint(second.status_code if second.status_code == 500 else None, "", errors,
                          f"it answered {second.status_code}; db.session.get gives None for a row that is gone")),
        point(not kettle_left, "the Kettle you created is deleted", "send DELETE for its id to your server"),
    ])
