"""Practice in the lesson Real-API-Features: a DRF paginator, a filter in SQLAlchemy, an N+1 under a query budget.

Each check exercises what the learner wrote: it lists reviews through the learner's paginator
(DRF's request factory, in this thread), runs the learner's filter on the Flask build's database,
and counts the SQL queries the learner's functions send (Django's ``CaptureQueriesContext``, an
SQLAlchemy ``before_cursor_execute`` listener), whatever way of loading they chose.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from apilab.lessons.practice.feedback import attempt, failed, not_done, point, report

PAGE_SIZE = 4
MAX_PAGE_SIZE = 10
SIZE_PARAMETER = "size"
LOW_RATING = 2
QUERY_BUDGET = 2


# --- pages of reviews (DRF) -------------------------------------------------------------------------------


def _review_list_view(pages):
    """A read-only list of reviews by id, paged by ``pages``, with no filters, logins or throttles."""
    from rest_framework import serializers, viewsets

    from apilab.django_project.reviews.models import Review

    class ReviewIds(serializers.ModelSerializer):
        class Meta:
            model = Review
            fields = ["id"]

    class PracticeReviews(viewsets.ReadOnlyModelViewSet):
        queryset = Review.objects.order_by("id")
        serializer_class = ReviewIds
        pagination_class = pages
        filter_backends = []
        authentication_classes = []
        permission_classes = []
        throttle_classes = []

    return PracticeReviews.as_view({"get": "list"})


def _page(view, params: dict) -> dict:
    """GET the list with ``params`` through ``view``; the JSON body (an error if it is not a 200 envelope)."""
    from rest_framework.test import APIRequestFactory

    response = view(APIRequestFactory().get("/api/reviews/", params))
    if not hasattr(response, "render"):
        raise ValueError(f"the view gave a {type(response).__name__}: return DRF's Response (rest_framework.response)")
    response.render()
    body = json.loads(response.content)
    if response.status_code != 200:
        raise ValueError(f"status {response.status_code}: {body}")
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise ValueError("no page envelope ('results'): does it page by number?")
    if not all(isinstance(item, dict) and "id" in item for item in body["results"]):
        raise ValueError("'results' does not hold the serialized reviews: put the data you are given there")
    return body


def _ids(body: dict) -> list:
    return [item["id"] for item in body["results"]]


def check_review_pages(ReviewPages) -> int | None:  # noqa: N803 (the lesson's class name)
    """Lesson Real-API-Features: ``ReviewPages`` pages reviews by number, 4 a page, ``?size=`` up to 10."""
    from rest_framework.pagination import BasePagination

    from apilab.django_project.reviews.models import Review

    if ReviewPages is None:
        return not_done("make `ReviewPages` a DRF paginator class (see the task), and run this again")
    if isinstance(ReviewPages, BasePagination):
        return report([failed("ReviewPages is a paginator class", "you gave an instance: assign the class itself")])
    if not (isinstance(ReviewPages, type) and issubclass(ReviewPages, BasePagination)):
        return report([failed("ReviewPages is a paginator class",
                              f"it is {type(ReviewPages).__name__}: subclass one of rest_framework.pagination's")])
    view = _review_list_view(ReviewPages)
    every_id = list(Review.objects.order_by("id").values_list("id", flat=True))
    first, error = attempt(_page, view, {})
    if error:
        return report([failed("the first page", error)])
    results = [point(_ids(first) == every_id[:PAGE_SIZE], f"{PAGE_SIZE} reviews on the first page, by default",
                     f"it held {len(first['results'])}: which attribute sets the default page size?"),
               point(first.get("count") == len(every_id), "the envelope's count is every review",
                     f"count was {first.get('count')!r}: a page-number paginator's envelope counts all the rows")]
    second, error = attempt(_page, view, {"page": 2})
    results.append(point(not error and _ids(second) == every_id[PAGE_SIZE:2 * PAGE_SIZE],
                         "?page=2 gives the next reviews",
                         error or "the second page did not follow the first: number the pages (page=2)"))
    asked, error = attempt(_page, view, {SIZE_PARAMETER: 7})
    results.append(point(not error and len(asked["results"]) == 7, f"?{SIZE_PARAMETER}=7 gives 7 reviews",
                         error or f"it gave {len(asked['results'])}: which attribute names the client's size "
                                  "parameter?"))
    too_many, error = attempt(_page, view, {SIZE_PARAMETER: 50})
    results.append(point(not error and len(too_many["results"]) == MAX_PAGE_SIZE,
                         f"?{SIZE_PARAMETER}=50 stops at {MAX_PAGE_SIZE}",
                         error or f"it gave {len(too_many['results'])}: which attribute caps the size a client "
                                  "asks for?"))
    return report(results)


# --- a filter in SQLAlchemy -------------------------------------------------------------------------------


def _matches(review, filters: dict) -> bool:
    return (("product" not in filters or review.product_id == filters["product"])
            and ("rating__gte" not in filters or review.rating >= filters["rating__gte"])
            and ("rating__lte" not in filters or review.rating <= filters["rating__lte"]))


def _matching_ids(reviews_matching: Callable, filters: dict, db) -> list:
    """Run the learner's function; the ids of the reviews it chose (from a select, or from the rows it returned)."""
    from sqlalchemy.engine import Row
    from sqlalchemy.sql import Select

    chosen = reviews_matching(dict(filters))
    if chosen is None:
        return None
    rows = db.session.scalars(chosen).all() if isinstance(chosen, Select) else list(chosen)
    if any(isinstance(row, Row) for row in rows):
        if not all(isinstance(row, Row) and len(row) == 1 for row in rows):
            raise ValueError("return the select (or session.scalars(...)), not execute()'s rows")
        rows = [row[0] for row in rows]                        # execute(select(ReviewRow)): one row object each
    return sorted(row.id for row in rows)


def check_review_filter(reviews_matching: Callable, app, db, model) -> int | None:
    """Lesson Real-API-Features: ``reviews_matching(filters)`` keeps the reviews (rows of ``model``) that match."""
    if reviews_matching is None:
        return not_done("define `reviews_matching(filters)` (see the task), and run this again")
    if not callable(reviews_matching):
        return report([_not_a_function("reviews_matching", reviews_matching)])
    with app.app_context():
        reviews = db.session.scalars(db.select(model)).all()
    some_product = reviews[0].product_id if reviews else 1
    cases = [{}, {"rating__gte": 4}, {"product": some_product, "rating__lte": 3},
             {"rating__gte": 2, "rating__lte": 3}]
    results, said = [], set()
    for filters in cases:
        with app.app_context():
            ids, error = attempt(_matching_ids, reviews_matching, filters, db)
        if ids is None and error is None:
            if not results:
                return not_done("`reviews_matching` returns None: return a select of ReviewRow (or its rows)")
            error = "it returned None: return a select of ReviewRow (or the rows)"
        if error is not None and error in said:
            error = "the same error: see the line above"
        said.add(error)
        expected = sorted(review.id for review in reviews if _matches(review, filters))
        shown = ", ".join(f"{key}={value}" for key, value in filters.items()) or "none"
        results.append(point(ids == expected, f"filters: {shown}",
                             error or f"you kept {len(ids)}: apply each key given (__gte: at least, __lte: at most)"))
    return report(results)


# --- the N+1 under a query budget -------------------------------------------------------------------------

READS = ("SELECT", "WITH")             # transaction statements (BEGIN, SAVEPOINT, COMMIT, …) are not reads
RENAMED = " (renamed)"


def _reads(statements) -> int:
    """How many of the SQL ``statements`` read data (a SELECT, or a WITH … SELECT)."""
    return sum(str(sql).lstrip(" (").upper().startswith(READS) for sql in statements)


def _pairs(result) -> list | None:
    """The learner's result as sorted (product name, rating) tuples (None stays None)."""
    if result is None:
        return None
    pairs = []
    for item in result:
        if isinstance(item, dict):
            raise TypeError("got dicts: return (product name, rating) tuples")
        name, rating = item
        pairs.append((str(name), int(rating)))
    return sorted(pairs)


def _django_run(function: Callable) -> tuple[list | None, str | None, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        pairs, error = attempt(lambda: _pairs(function()))   # a lazy queryset runs inside the count
    return pairs, error, _reads(query["sql"] for query in captured.captured_queries)


def _sqlalchemy_run(function: Callable, app, db) -> tuple[list | None, str | None, int]:
    from sqlalchemy import event

    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with app.app_context():                               # a new session: nothing loaded before counts
            pairs, error = attempt(lambda: _pairs(function()))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return pairs, error, _reads(statements)


def _expected_django() -> list:
    from apilab.django_project.reviews.models import Review

    return sorted(Review.objects.filter(rating__lte=LOW_RATING).values_list("product__name", "rating"))


def _expected_sqlalchemy(app, db, model) -> list:
    with app.app_context():
        rows = db.session.scalars(db.select(model).where(model.rating <= LOW_RATING)).all()
        return sorted((row.product.name, row.rating) for row in rows)


def _django_changed(function: Callable) -> tuple[tuple, list]:
    """Call ``function`` again after a low review is repeated, a rating-1 review added and a product renamed.

    The changes are made in a transaction that is rolled back afterwards, whatever the function did.
    Returns the run (pairs, error, reads) and the pairs the database then held.
    """
    from django.db import transaction

    from apilab.django_project.reviews.models import Review

    with transaction.atomic():
        try:
            low = Review.objects.filter(rating__lte=LOW_RATING).select_related("product").order_by("id").first()
            if low is None:
                expected = _expected_django()
                return _django_run(function), expected
            Review.objects.create(product=low.product, author="practice", rating=low.rating)    # a repeated pair
            Review.objects.create(product=low.product, author="practice", rating=1)
            low.product.name += RENAMED
            low.product.save(update_fields=["name"])
            expected = _expected_django()                   # before the call: a failed query spoils the block
            return _django_run(function), expected
        finally:
            transaction.set_rollback(True)


def _sqlalchemy_changed(function: Callable, app, db, model) -> tuple[tuple, list]:
    """As ``_django_changed`` on the Flask build's database: the rows are deleted and the name restored after."""
    with app.app_context():
        low = db.session.scalars(db.select(model).where(model.rating <= LOW_RATING).order_by(model.id)).first()
        if low is None:
            return _sqlalchemy_run(function, app, db), _expected_sqlalchemy(app, db, model)
        low_id, product_id, rating, name = low.id, low.product_id, low.rating, low.product.name
        added = [model(product_id=product_id, author="practice", rating=rating),     # a repeated pair
                 model(product_id=product_id, author="practice", rating=1)]
        db.session.add_all(added)
        low.product.name = name + RENAMED
        db.session.commit()
        added_ids = [row.id for row in added]
    try:
        expected = _expected_sqlalchemy(app, db, model)
        return _sqlalchemy_run(function, app, db), expected
    finally:
        with app.app_context():
            db.session.execute(db.delete(model).where(model.id.in_(added_ids)))
            db.session.get(model, low_id).product.name = name
            db.session.commit()


def _pairs_hint(pairs, error, expected, again, expected_again) -> str:
    if pairs is None:
        return error or "return a list of (product name, rating) pairs"
    if pairs != expected:
        return f"you returned {len(pairs)} pairs: check the rating filter and the names"
    pairs_again, error_again, _ = again
    if pairs_again is None:
        return "on a second call: " + (error_again or "it returned None")
    if pairs_again == sorted(set(expected_again)):
        return "two reviews can share a product and rating: keep one pair per review (no set or distinct)"
    return "after a review was added and a product renamed, it gave the old pairs: query on every call"


def _budget_points(orm: str, first: tuple, expected: list, again: tuple, expected_again: list) -> list:
    pairs, error, queries = first
    right = pairs == expected and again[0] == expected_again
    wrong = _pairs_hint(pairs, error, expected, again, expected_again)
    queries = max(queries, again[2]) if again[0] is not None else queries
    if queries == 0:
        budget = "no query ran: read the reviews from the database on every call"
    elif queries > len({name for name, _ in expected}):
        # lazy loading sends a query per review (Django) or per product (SQLAlchemy's identity map): N+1
        budget = f"{queries} queries, one per review's product (N+1): load products with the reviews"
    else:
        budget = f"{queries} queries, budget {QUERY_BUDGET}: which query is extra?"
    return [point(right, f"{orm}: reviews rated {LOW_RATING} or lower, with product names", wrong),
            point(pairs is not None and 1 <= queries <= QUERY_BUDGET,
                  f"{orm}: at most {QUERY_BUDGET} queries", budget if pairs is not None else wrong)]


def _not_a_function(name: str, value) -> object:
    return failed(f"{name} is a function", f"it is a {type(value).__name__}: define it with def {name}(): …")


def check_low_reviews(django_low_reviews: Callable, flask_low_reviews: Callable, app, db, model) -> int | None:
    """Lesson Real-API-Features: both functions list the low reviews with product names, in at most 2 queries.

    Each is called twice: as the data is, then after a low review is repeated, a rating-1 review added
    and a product renamed (undone afterwards), so the answer must come from the database on every call.
    """
    if django_low_reviews is None or flask_low_reviews is None:
        return not_done("define `django_low_reviews()` and `flask_low_reviews()` (see the task), and run this again")
    named = {"django_low_reviews": django_low_reviews, "flask_low_reviews": flask_low_reviews}
    not_functions = [_not_a_function(name, value) for name, value in named.items() if not callable(value)]
    if not_functions:
        return report(not_functions)
    django_first = _django_run(django_low_reviews)
    flask_first = _sqlalchemy_run(flask_low_reviews, app, db)
    if django_first[0] is None and flask_first[0] is None and not (django_first[1] or flask_first[1]):
        return not_done("both functions return None: make each return its list of (product name, rating) pairs")
    django_expected, flask_expected = _expected_django(), _expected_sqlalchemy(app, db, model)
    django_again, django_expected_again = _django_changed(django_low_reviews)
    flask_again, flask_expected_again = _sqlalchemy_changed(flask_low_reviews, app, db, model)
    return report(_budget_points("Django ORM", django_first, django_expected, django_again, django_expected_again)
                  + _budget_points("SQLAlchemy", flask_first, flask_expected, flask_again, flask_expected_again))


# --- a rate limit that answers in JSON (Flask-Limiter) ----------------------------------------------------------

LIMITED_PATH = "/api/ping/"
OTHER_CLIENT = "192.0.2.7"             # a documentation address (RFC 5737): another client than the test client's
LONGEST_WAIT_S = 60                    # a limit counted per minute never asks a client to wait longer


def _burst(app, count: int = 3) -> list:
    """``count`` GETs of LIMITED_PATH from one client, then one from another (Flask's test client, no server)."""
    client = app.test_client()
    return [client.get(LIMITED_PATH) for _ in range(count)] + [
        client.get(LIMITED_PATH, environ_overrides={"REMOTE_ADDR": OTHER_CLIENT})]


def retry_after_seconds(value) -> float | None:
    """A Retry-After header in seconds from now: delta-seconds or an HTTP-date (RFC 9110), None if neither."""
    from datetime import UTC, datetime
    from email.utils import parsedate_to_datetime

    text = str(value or "").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()


def _json_detail(response) -> bool:
    body = response.get_json(silent=True)
    return response.is_json and isinstance(body, dict) and bool(body.get("detail"))


def check_limited_app(limited_app: Callable) -> int | None:
    """Lesson Real-API-Features: the app from ``limited_app()`` allows 2 requests a minute, then a JSON 429."""
    import warnings

    from flask import Flask

    if limited_app is None:
        return not_done("define `limited_app()` (see the task), and run this again")
    if not callable(limited_app) or isinstance(limited_app, Flask):
        return report([_not_a_function("limited_app", limited_app)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # Flask-Limiter's advice when no storage is named
        app, error = attempt(limited_app)
        if app is None and error is None:
            return not_done("`limited_app()` returns None: build the Flask app and return it")
        if error or not isinstance(app, Flask):
            return report([failed("limited_app() builds a Flask app", error or f"it returned {type(app).__name__}")])
        answers, error = attempt(_burst, app)
    if error:
        return report([failed(f"three GETs of {LIMITED_PATH}", error)])
    first, second, third, other = answers
    refused = third.status_code == 429
    nothing_to_read = "the third request was not refused: see the line above"
    header = third.headers.get("Retry-After")
    wait = retry_after_seconds(header)
    if header is None:
        when = "no Retry-After header: which Limiter option adds the rate headers?"
    elif wait is None:
        when = f"Retry-After is {header!r}: send seconds or an HTTP-date"
    else:
        when = f"it says wait {wait:.0f} s: is the limit counted per minute?"
    return report([
        point([first.status_code, second.status_code] == [200, 200], "the first two requests are answered",
              f"they got {first.status_code} and {second.status_code}: serve GET {LIMITED_PATH}, 2 a minute"),
        point(third.status_code == 429, "the third request gets 429 Too Many Requests",
              f"it got {third.status_code}: limit the route with the limiter's decorator"),
        point(refused and wait is not None and 0 < wait <= LONGEST_WAIT_S + 1,   # + 1: an HTTP-date has whole seconds
              "the 429 says when to retry (Retry-After), within the minute", when if refused else nothing_to_read),
        point(refused and _json_detail(third), "the 429's body is JSON with a detail",
              f"it came as {third.mimetype or 'nothing'}: a handler for 429 can answer JSON" if refused
              else nothing_to_read),
        point(other.status_code == 200, "another client is still answered",
              f"a request from another address got {other.status_code}: count each client apart (the key function)"),
    ])
