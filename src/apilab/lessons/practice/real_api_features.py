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
    response.render()
    body = json.loads(response.content)
    if response.status_code != 200:
        raise ValueError(f"status {response.status_code}: {body}")
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise ValueError("no page envelope ('results'): does it page by number?")
    return body


def _ids(body: dict) -> list:
    return [item.get("id") for item in body["results"]]


def check_review_pages(ReviewPages) -> int | None:  # noqa: N803 (the lesson's class name)
    """Lesson Real-API-Features: ``ReviewPages`` pages reviews by number, 4 a page, ``?size=`` up to 10."""
    from rest_framework.pagination import BasePagination

    from apilab.django_project.reviews.models import Review

    if ReviewPages is None:
        return not_done("make `ReviewPages` a DRF paginator class (see the task), and run this again")
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
    from sqlalchemy.sql import Select

    chosen = reviews_matching(dict(filters))
    if chosen is None:
        return None
    rows = db.session.scalars(chosen).all() if isinstance(chosen, Select) else list(chosen)
    return sorted(row.id for row in rows)


def check_review_filter(reviews_matching: Callable, app, db, model) -> int | None:
    """Lesson Real-API-Features: ``reviews_matching(filters)`` keeps the reviews (rows of ``model``) that match."""
    if not callable(reviews_matching):
        return not_done("define `reviews_matching(filters)` (see the task), and run this again")
    with app.app_context():
        reviews = db.session.scalars(db.select(model)).all()
    some_product = reviews[0].product_id if reviews else 1
    cases = [{}, {"rating__gte": 4}, {"product": some_product, "rating__lte": 3},
             {"rating__gte": 2, "rating__lte": 3}]
    results = []
    for filters in cases:
        with app.app_context():
            ids, error = attempt(_matching_ids, reviews_matching, filters, db)
        if ids is None and error is None:
            if not results:
                return not_done("`reviews_matching` returns None: return a select of ReviewRow (or its rows)")
            error = "it returned None: return a select of ReviewRow (or the rows)"
        expected = sorted(review.id for review in reviews if _matches(review, filters))
        shown = ", ".join(f"{key}={value}" for key, value in filters.items()) or "none"
        results.append(point(ids == expected, f"filters: {shown}",
                             error or f"you kept {len(ids)}: apply each key given (__gte: at least, __lte: at most)"))
    return report(results)


# --- the N+1 under a query budget -------------------------------------------------------------------------


def _pairs(result) -> list | None:
    """The learner's result as sorted (product name, rating) tuples (None stays None)."""
    if result is None:
        return None
    return sorted((str(name), int(rating)) for name, rating in result)


def _django_run(function: Callable) -> tuple[list | None, str | None, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        pairs, error = attempt(lambda: _pairs(function()))   # a lazy queryset runs inside the count
    return pairs, error, len(captured.captured_queries)


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
    return pairs, error, len(statements)


def _expected_django() -> list:
    from apilab.django_project.reviews.models import Review

    return sorted(Review.objects.filter(rating__lte=LOW_RATING).values_list("product__name", "rating"))


def _expected_sqlalchemy(app, db, model) -> list:
    with app.app_context():
        rows = db.session.scalars(db.select(model).where(model.rating <= LOW_RATING)).all()
        return sorted((row.product.name, row.rating) for row in rows)


def _budget_points(orm: str, pairs, error, queries: int, expected: list) -> list:
    wrong = (error or "return a list of (product name, rating) pairs"
             if pairs is None else f"you returned {len(pairs)} pairs: check the rating filter and the names")
    if queries == 0:
        budget = "no query ran: read the reviews from the database on every call"
    else:
        budget = f"{queries} queries, one per review's product (N+1): load products with the reviews"
    return [point(pairs == expected, f"{orm}: reviews rated {LOW_RATING} or lower, with product names", wrong),
            point(pairs is not None and 1 <= queries <= QUERY_BUDGET,
                  f"{orm}: at most {QUERY_BUDGET} queries", budget if pairs is not None else wrong)]


def check_low_reviews(django_low_reviews: Callable, flask_low_reviews: Callable, app, db, model) -> int | None:
    """Lesson Real-API-Features: both functions list the low reviews with product names, in at most 2 queries."""
    if not (callable(django_low_reviews) and callable(flask_low_reviews)):
        return not_done("define `django_low_reviews()` and `flask_low_reviews()` (see the task), and run this again")
    django_pairs, django_error, django_queries = _django_run(django_low_reviews)
    flask_pairs, flask_error, flask_queries = _sqlalchemy_run(flask_low_reviews, app, db)
    if django_pairs is None and flask_pairs is None and not (django_error or flask_error):
        return not_done("both functions return None: make each return its list of (product name, rating) pairs")
    return report(_budget_points("Django ORM", django_pairs, django_error, django_queries, _expected_django())
                  + _budget_points("SQLAlchemy", flask_pairs, flask_error, flask_queries,
                                   _expected_sqlalchemy(app, db, model)))


# --- a rate limit that answers in JSON (Flask-Limiter) ----------------------------------------------------------

LIMITED_PATH = "/api/ping/"


def _burst(app, count: int = 3) -> list:
    """``count`` GETs of LIMITED_PATH from one client, through Flask's test client (no server needed)."""
    client = app.test_client()
    return [client.get(LIMITED_PATH) for _ in range(count)]


def _json_detail(response) -> bool:
    body = response.get_json(silent=True)
    return response.is_json and isinstance(body, dict) and bool(body.get("detail"))


def check_limited_app(limited_app: Callable) -> int | None:
    """Lesson Real-API-Features: the app from ``limited_app()`` allows 2 requests a minute, then a JSON 429."""
    import warnings

    from flask import Flask

    if not callable(limited_app):
        return not_done("define `limited_app()` (see the task), and run this again")
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
    first, second, third = answers
    refused = third.status_code == 429
    nothing_to_read = "the third request was not refused: see the line above"
    return report([
        point([first.status_code, second.status_code] == [200, 200], "the first two requests are answered",
              f"they got {first.status_code} and {second.status_code}: serve GET {LIMITED_PATH}, 2 a minute"),
        point(third.status_code == 429, "the third request gets 429 Too Many Requests",
              f"it got {third.status_code}: limit the route with the limiter's decorator"),
        point(refused and third.headers.get("Retry-After", "").isdigit(), "the 429 says when to retry (Retry-After)",
              "no Retry-After header: which Limiter option adds the rate headers?" if refused else nothing_to_read),
        point(refused and _json_detail(third), "the 429's body is JSON with a detail",
              f"it came as {third.mimetype or 'nothing'}: a handler for 429 can answer JSON" if refused
              else nothing_to_read),
    ])
