"""Self-checks of lesson Real-API-Features: "not done yet", all passed on a model answer, hints on wrong answers.

The checks need Django with the reviews app, which the test process's Django does not install
(as every lesson but one does not), so each answer is checked in one process of its own, which
prints what every check printed and returned.
"""

import json
import re
import subprocess
import sys

import pytest

SCRIPT = r'''
import contextlib, io, json
import apilab
from django.db import transaction
from django.http import HttpResponse
from rest_framework.response import Response
from apilab.django_project.setup import INSTALLED_APPS
apilab.setup_django(INSTALLED_APPS=[*INSTALLED_APPS, "apilab.django_project.reviews"])
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from rest_framework import pagination
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, joinedload, mapped_column, relationship, selectinload
from apilab.django_project.reviews.models import Review
from apilab.django_project.shop.models import Product
from apilab.lessons.practice import real_api_features as checks
from apilab.lessons.sample_catalogue import sample_catalogue

CATALOGUE = sample_catalogue(products=12, reviews_each=3)
for item in CATALOGUE:
    product = Product.objects.create(name=item["name"], price_cents=item["price_cents"], in_stock=item["in_stock"])
    Review.objects.bulk_create(Review(product=product, **review) for review in item["reviews"])

class Base(DeclarativeBase):
    pass

db = SQLAlchemy(model_class=Base)

class ProductRow(db.Model):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    reviews: Mapped[list["ReviewRow"]] = relationship(back_populates="product")

class ReviewRow(db.Model):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    author: Mapped[str] = mapped_column(String(50))
    rating: Mapped[int]
    text: Mapped[str] = mapped_column(String(500), default="")
    product: Mapped[ProductRow] = relationship(back_populates="reviews")

app = Flask("practice")
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
db.init_app(app)
with app.app_context():
    db.create_all()
    for item in CATALOGUE:
        db.session.add(ProductRow(name=item["name"], reviews=[ReviewRow(**review) for review in item["reviews"]]))
    db.session.commit()

def run(check, *args, **kwargs):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        returned = check(*args, **kwargs)
    return {"returned": returned, "out": out.getvalue()}

# --- pages -------------------------------------------------------------------------------------------------
class ModelPages(pagination.PageNumberPagination):
    page_size = 4
    page_size_query_param = "size"
    max_page_size = 10

class WrongPages(pagination.PageNumberPagination):
    page_size = 5                      # and no size parameter

class RaisingPages(pagination.PageNumberPagination):
    page_size = 4
    def paginate_queryset(self, queryset, request, view=None):
        raise RuntimeError("broken paginator")

class IntsPages(pagination.PageNumberPagination):     # an envelope whose results are not the serialized reviews
    page_size = 4
    def get_paginated_response(self, data):
        return Response({"count": self.page.paginator.count, "results": [1, 2, 3, 4]})

class DjangoResponsePages(pagination.PageNumberPagination):
    page_size = 4
    def get_paginated_response(self, data):
        return HttpResponse(json.dumps({"results": data}), content_type="application/json")

pages = {"template": run(checks.check_review_pages, None), "model": run(checks.check_review_pages, ModelPages),
         "ints": run(checks.check_review_pages, IntsPages),
         "instance": run(checks.check_review_pages, ModelPages()),
         "http response": run(checks.check_review_pages, DjangoResponsePages),
         "wrong": run(checks.check_review_pages, WrongPages), "raises": run(checks.check_review_pages, RaisingPages),
         "limit-offset": run(checks.check_review_pages, pagination.LimitOffsetPagination),
         "not a class": run(checks.check_review_pages, "pages")}

# --- the filter ------------------------------------------------------------------------------------------------
def template_filter(filters):
    ...

def model_filter(filters):
    query = db.select(ReviewRow).order_by(ReviewRow.id)
    if "product" in filters:
        query = query.where(ReviewRow.product_id == filters["product"])
    if "rating__gte" in filters:
        query = query.where(ReviewRow.rating >= filters["rating__gte"])
    if "rating__lte" in filters:
        query = query.where(ReviewRow.rating <= filters["rating__lte"])
    return query

def rows_filter(filters):              # another style: the rows themselves, filter_by and a list
    query = ReviewRow.query
    if "product" in filters:
        query = query.filter_by(product_id=filters["product"])
    low, high = filters.get("rating__gte", 1), filters.get("rating__lte", 5)
    return [row for row in query.all() if low <= row.rating <= high]

def wrong_filter(filters):             # >= and <= swapped, product ignored
    query = db.select(ReviewRow)
    if "rating__gte" in filters:
        query = query.where(ReviewRow.rating <= filters["rating__gte"])
    if "rating__lte" in filters:
        query = query.where(ReviewRow.rating >= filters["rating__lte"])
    return query

def raising_filter(filters):
    raise KeyError("rating")

def executed_filter(filters):          # execute() of a select of the model: rows of one ReviewRow each
    return db.session.execute(model_filter(filters))

def columns_filter(filters):           # execute() of a select of columns: not review objects
    return db.session.execute(db.select(ReviewRow.id, ReviewRow.rating))

arguments = {"app": app, "db": db, "model": ReviewRow}
filters = {name: run(checks.check_review_filter, function, **arguments) for name, function in
           {"template": template_filter, "model": model_filter, "rows": rows_filter, "wrong": wrong_filter,
            "raises": raising_filter, "executed": executed_filter, "columns": columns_filter}.items()}
filters["none"] = run(checks.check_review_filter, None, **arguments)
filters["a list"] = run(checks.check_review_filter, [1, 2], **arguments)

# --- the N+1 budget ----------------------------------------------------------------------------------------
def template_django():
    ...

def template_flask():
    ...

def django_joined():
    return [(r.product.name, r.rating) for r in Review.objects.filter(rating__lte=2).select_related("product")]

def django_prefetched():
    return [(r.product.name, r.rating) for r in Review.objects.filter(rating__lte=2).prefetch_related("product")]

def django_values():                    # a lazy queryset: its query runs when the check reads it
    return Review.objects.filter(rating__lte=2).values_list("product__name", "rating")

def django_lazy():
    return [(r.product.name, r.rating) for r in Review.objects.filter(rating__lte=2)]

def flask_joined():
    rows = db.session.scalars(db.select(ReviewRow).where(ReviewRow.rating <= 2).options(joinedload(ReviewRow.product)))
    return [(r.product.name, r.rating) for r in rows]

def flask_selectin():
    rows = db.session.scalars(db.select(ReviewRow).where(ReviewRow.rating <= 2)
                              .options(selectinload(ReviewRow.product)))
    return [(r.product.name, r.rating) for r in rows]

def flask_raw_join():
    return list(db.session.execute(db.text(
        "SELECT products.name, reviews.rating FROM reviews JOIN products ON products.id = reviews.product_id "
        "WHERE reviews.rating <= 2")))

def flask_lazy():
    return [(r.product.name, r.rating) for r in db.session.scalars(db.select(ReviewRow).where(ReviewRow.rating <= 2))]

def typed_in():
    return [(name, rating) for name, rating in sorted(
        Review.objects.filter(rating__lte=2).values_list("product__name", "rating"))]

TYPED = typed_in()

def flask_raises():
    raise AttributeError("no attribute 'prodcut'")

def django_in_atomic():                 # a correct answer inside a transaction: BEGIN/SAVEPOINT are not reads
    with transaction.atomic():
        with transaction.atomic():
            return django_joined()

def flask_nested():
    with db.session.begin_nested():
        return flask_joined()

def django_throwaway():                 # a typed-in list and one query that reads nothing it returns
    Review.objects.count()
    return TYPED

def flask_throwaway():
    db.session.execute(db.text("SELECT 1"))
    return TYPED

CACHED = {"pairs": typed_in()}          # built once, when the answer cell runs

def django_cached():
    Review.objects.exists()
    return CACHED["pairs"]

def django_set():
    return sorted(set(django_joined()))

def flask_distinct():
    return list(db.session.execute(db.select(ProductRow.name, ReviewRow.rating).join(ReviewRow.product)
                                   .where(ReviewRow.rating <= 2).distinct()))

def django_extra():                     # one query too many, fewer than the low reviews
    Review.objects.count()
    Product.objects.count()
    return django_joined()

def django_dicts():
    return list(Review.objects.filter(rating__lte=2).values("product__name", "rating"))

def state():
    with app.app_context():
        flask_rows = checks._expected_sqlalchemy(app, db, ReviewRow)
        flask_count = db.session.query(ReviewRow).count()
    return [checks._expected_django(), Review.objects.count(), sorted(Product.objects.values_list("name", flat=True)),
            flask_rows, flask_count]

BEFORE = state()

budget = {
    "template": run(checks.check_low_reviews, template_django, template_flask, **arguments),
    "none": run(checks.check_low_reviews, None, None, **arguments),
    "joined": run(checks.check_low_reviews, django_joined, flask_joined, **arguments),
    "prefetched": run(checks.check_low_reviews, django_prefetched, flask_selectin, **arguments),
    "values and raw": run(checks.check_low_reviews, django_values, flask_raw_join, **arguments),
    "lazy": run(checks.check_low_reviews, django_lazy, flask_lazy, **arguments),
    "typed in": run(checks.check_low_reviews, lambda: TYPED, lambda: TYPED, **arguments),
    "raises": run(checks.check_low_reviews, django_joined, flask_raises, **arguments),
    "wrong rows": run(checks.check_low_reviews, lambda: django_joined()[:3], flask_joined, **arguments),
    "in transactions": run(checks.check_low_reviews, django_in_atomic, flask_nested, **arguments),
    "throwaway query": run(checks.check_low_reviews, django_throwaway, flask_throwaway, **arguments),
    "cached": run(checks.check_low_reviews, django_cached, flask_joined, **arguments),
    "set": run(checks.check_low_reviews, django_set, flask_distinct, **arguments),
    "extra": run(checks.check_low_reviews, django_extra, flask_joined, **arguments),
    "dicts": run(checks.check_low_reviews, django_dicts, flask_joined, **arguments),
    "a list": run(checks.check_low_reviews, TYPED, flask_joined, **arguments),
}
budget["restored"] = state() == BEFORE
budget["products"] = len({name for name, _ in BEFORE[0]})
print(json.dumps({"pages": pages, "filters": filters, "budget": budget}))
'''


@pytest.fixture(scope="module")
def checked() -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    checked = json.loads(done.stdout.splitlines()[-1])
    for part in checked.values():                          # a hint wrapped under its point, back on its line
        for result in part.values():
            if isinstance(result, dict):
                result["out"] = re.sub(r"\n {4}(?=\S)", " ", result["out"])
    return checked


def passed_all(result: dict) -> bool:
    out = result["out"]
    return result["returned"] == 0 and out.rstrip().endswith("All checks passed.") and "✗" not in out


def failed_lines(result: dict) -> list[str]:
    """The failed points, each with its hint on its line (a long hint is printed on indented lines under it)."""
    return [line for line in re.sub(r"\n {4}(?=\S)", " ", result["out"]).splitlines() if line.startswith("✗")]


def test_the_templates_are_not_done_yet(checked):
    for part, case in [("pages", "template"), ("filters", "template"), ("filters", "none"),
                       ("budget", "template"), ("budget", "none")]:
        result = checked[part][case]
        assert result["returned"] is None and result["out"].startswith("not done yet"), (part, case, result)


def test_model_answers_in_every_style_pass(checked):
    for part, case in [("pages", "model"), ("filters", "model"), ("filters", "rows"), ("filters", "executed"),
                       ("budget", "joined"), ("budget", "prefetched"), ("budget", "values and raw"),
                       ("budget", "in transactions")]:
        assert passed_all(checked[part][case]), (part, case, checked[part][case])


def test_a_wrong_paginator_gets_hints_but_not_the_answer(checked):
    wrong = checked["pages"]["wrong"]
    assert wrong["returned"] == 4, wrong   # the count is right; size, next page, ?size and the cap are not
    assert any("default page size" in line for line in failed_lines(wrong))
    assert "page_size_query_param" not in wrong["out"] and "= 4" not in wrong["out"]
    limit_offset = checked["pages"]["limit-offset"]           # no default limit: the list is not paged at all
    assert limit_offset["returned"] == 1 and "no page envelope" in limit_offset["out"], limit_offset
    assert "rest_framework.pagination" in checked["pages"]["not a class"]["out"]


def test_a_paginator_with_a_wrong_envelope_an_instance_or_a_django_response_gets_a_failed_line(checked):
    ints = checked["pages"]["ints"]
    assert ints["returned"] == 1 and "'results' does not hold the serialized reviews" in ints["out"], ints
    assert "Traceback" not in ints["out"] and "AttributeError" not in ints["out"]
    instance = checked["pages"]["instance"]
    assert instance["returned"] == 1 and "you gave an instance: assign the class itself" in instance["out"], instance
    django = checked["pages"]["http response"]
    assert django["returned"] == 1 and "return DRF's Response" in django["out"], django


def test_a_wrong_filter_gets_a_hint_per_case(checked):
    wrong = checked["filters"]["wrong"]
    lines = failed_lines(wrong)
    assert wrong["returned"] == len(lines) == 3 and all("you kept" in line for line in lines), wrong


def test_rows_of_execute_are_unwrapped_or_named_and_a_repeated_error_is_said_once(checked):
    columns = checked["filters"]["columns"]
    lines = failed_lines(columns)
    assert columns["returned"] == 4 and "not execute()'s rows" in lines[0], columns
    assert all("see the line above" in line for line in lines[1:]) and "AttributeError" not in columns["out"]
    raises = failed_lines(checked["filters"]["raises"])
    assert "KeyError" in raises[0] and all("see the line above" in line for line in raises[1:]), raises
    listed = checked["filters"]["a list"]
    assert listed["returned"] == 1 and "it is a list" in listed["out"], listed


def test_an_n_plus_1_is_over_the_budget_and_a_typed_in_answer_is_caught(checked):
    lazy = checked["budget"]["lazy"]
    assert lazy["returned"] == 2 and all("N+1" in line for line in failed_lines(lazy)), lazy
    typed = checked["budget"]["typed in"]
    assert typed["returned"] == 4, typed                # and the pairs do not follow the data (below)
    budget_lines = [line for line in failed_lines(typed) if "at most 2 queries:" in line]
    assert len(budget_lines) == 2 and all("no query ran" in line for line in budget_lines), typed
    wrong = checked["budget"]["wrong rows"]
    assert wrong["returned"] == 1 and "you returned 3 pairs" in wrong["out"], wrong
    assert checked["budget"]["products"] >= 3          # so that the "extra" answer's 3 queries are not an N+1
    extra = checked["budget"]["extra"]
    assert extra["returned"] == 1 and "3 queries, budget 2: which query is extra?" in extra["out"], extra
    assert "N+1" not in extra["out"]


def test_answers_that_do_not_read_the_data_on_every_call_are_caught(checked):
    for case in ["throwaway query", "cached"]:
        result = checked["budget"][case]
        lines = [line for line in failed_lines(result) if "with product names" in line]
        assert lines and all("it gave the old pairs" in line for line in lines), (case, result)
    assert checked["budget"]["throwaway query"]["returned"] == 2
    assert checked["budget"]["cached"]["returned"] == 1
    deduplicated = checked["budget"]["set"]
    assert deduplicated["returned"] == 2 and all("no set or distinct" in line for line in failed_lines(deduplicated))
    assert checked["budget"]["restored"] is True       # every change the check made is undone


def test_dicts_and_a_list_for_a_function_get_their_own_message(checked):
    dicts = checked["budget"]["dicts"]
    assert dicts["returned"] == 2 and "return (product name, rating) tuples" in dicts["out"], dicts
    listed = checked["budget"]["a list"]
    assert listed["returned"] == 1 and "django_low_reviews is a function: it is a list" in listed["out"], listed


def test_learner_code_that_raises_gets_a_failed_line_not_a_traceback(checked):
    for part, case, message in [("pages", "raises", "broken paginator"), ("filters", "raises", "KeyError"),
                                ("budget", "raises", "no attribute 'prodcut'")]:
        result = checked[part][case]
        assert result["returned"] >= 1 and any(message in line for line in failed_lines(result)), (part, result)
        assert "Traceback" not in result["out"]


# --- the JSON 429 (Flask only: checked in this process) -----------------------------------------------------------

def limited(handler: bool = True, headers: bool = True, limit: str = "2 per minute", storage: str = "memory://",
            retry_after: str | None = None, key_func=None):
    """A factory like the learner's: a Flask app whose /api/ping/ allows ``limit``."""
    def limited_app():
        from flask import Flask
        from flask_limiter import Limiter
        from flask_limiter.util import get_remote_address

        app = Flask("limited")
        limiter = Limiter(key_func or get_remote_address, app=app, storage_uri=storage, headers_enabled=headers,
                          retry_after=retry_after)

        @app.get("/api/ping/")
        @limiter.limit(limit)
        def ping():
            return {"ping": "pong"}

        if handler:
            @app.errorhandler(429)
            def too_many(error):
                return {"detail": f"Too many requests: {error.description}."}, 429

        return app

    return limited_app


def test_the_limited_app_template_is_not_done_yet(capsys):
    from apilab.lessons.practice.real_api_features import check_limited_app

    def limited_app():
        ...

    assert check_limited_app(limited_app) is None and check_limited_app(None) is None
    assert capsys.readouterr().out.startswith("not done yet")


def test_a_limited_app_with_a_json_429_passes(capsys):
    from apilab.lessons.practice.real_api_features import check_limited_app

    assert check_limited_app(limited()) == 0
    assert check_limited_app(limited()) == 0        # each check counts on a new app: running it again passes
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 2 and "✗" not in out


def test_an_html_429_a_missing_header_and_a_wrong_limit_get_hints(capsys):
    from apilab.lessons.practice.real_api_features import check_limited_app

    assert check_limited_app(limited(handler=False, headers=False, storage="memory://")) == 2
    out = capsys.readouterr().out
    assert "which Limiter option adds the rate headers?" in out and "it came as text/html" in out
    assert check_limited_app(limited(limit="5 per minute")) == 3
    assert "it got 200: limit the route" in capsys.readouterr().out


def test_an_http_date_retry_after_passes(capsys):
    from apilab.lessons.practice.real_api_features import check_limited_app, retry_after_seconds

    assert check_limited_app(limited(retry_after="http-date")) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out
    assert retry_after_seconds("30") == 30 and retry_after_seconds("soon") is None
    assert 0 < retry_after_seconds("Fri, 01 Jan 2100 00:00:00 GMT")


def test_a_daily_limit_and_one_count_for_every_client_get_hints(capsys):
    from apilab.lessons.practice.real_api_features import check_limited_app

    assert check_limited_app(limited(limit="2 per day")) == 1
    assert "is the limit counted per minute?" in capsys.readouterr().out
    assert check_limited_app(limited(key_func=lambda: "everyone")) == 1
    assert "another address got 429: count each client apart" in capsys.readouterr().out


def test_a_factory_that_raises_or_returns_no_app_gets_a_failed_line(capsys):
    from apilab.lessons.practice.real_api_features import check_limited_app

    def limited_app():
        raise ImportError("No module named 'flask_limit'")

    assert check_limited_app(limited_app) == 1
    assert check_limited_app(lambda: "app") == 1
    out = capsys.readouterr().out
    assert "ImportError: No module named 'flask_limit'" in out and "it returned str" in out and "Traceback" not in out
    assert check_limited_app(limited()()) == 1                  # the app itself, not the function
    assert "limited_app is a function: it is a Flask" in capsys.readouterr().out
