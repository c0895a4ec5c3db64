"""Self-checks of lesson Real-API-Features: "not done yet", all passed on a model answer, hints on wrong answers.

The checks need Django with the reviews app, which the test process's Django does not install
(as every lesson but one does not), so each answer is checked in one process of its own, which
prints what every check printed and returned.
"""

import json
import subprocess
import sys

import pytest

SCRIPT = r'''
import contextlib, io, json
import apilab
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

pages = {"template": run(checks.check_review_pages, None), "model": run(checks.check_review_pages, ModelPages),
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

arguments = {"app": app, "db": db, "model": ReviewRow}
filters = {name: run(checks.check_review_filter, function, **arguments) for name, function in
           {"template": template_filter, "model": model_filter, "rows": rows_filter, "wrong": wrong_filter,
            "raises": raising_filter}.items()}
filters["none"] = run(checks.check_review_filter, None, **arguments)

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
}
print(json.dumps({"pages": pages, "filters": filters, "budget": budget}))
'''


@pytest.fixture(scope="module")
def checked() -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def passed_all(result: dict) -> bool:
    out = result["out"]
    return result["returned"] == 0 and out.rstrip().endswith("All checks passed.") and "✗" not in out


def failed_lines(result: dict) -> list[str]:
    return [line for line in result["out"].splitlines() if line.startswith("✗")]


def test_the_templates_are_not_done_yet(checked):
    for part, case in [("pages", "template"), ("filters", "template"), ("filters", "none"),
                       ("budget", "template"), ("budget", "none")]:
        result = checked[part][case]
        assert result["returned"] is None and result["out"].startswith("not done yet"), (part, case, result)


def test_model_answers_in_every_style_pass(checked):
    for part, case in [("pages", "model"), ("filters", "model"), ("filters", "rows"), ("budget", "joined"),
                       ("budget", "prefetched"), ("budget", "values and raw")]:
        assert passed_all(checked[part][case]), (part, case, checked[part][case])


def test_a_wrong_paginator_gets_hints_but_not_the_answer(checked):
    wrong = checked["pages"]["wrong"]
    assert wrong["returned"] == 4, wrong   # the count is right; size, next page, ?size and the cap are not
    assert any("default page size" in line for line in failed_lines(wrong))
    assert "page_size_query_param" not in wrong["out"] and "= 4" not in wrong["out"]
    limit_offset = checked["pages"]["limit-offset"]           # no default limit: the list is not paged at all
    assert limit_offset["returned"] == 1 and "no page envelope" in limit_offset["out"], limit_offset
    assert "rest_framework.pagination" in checked["pages"]["not a class"]["out"]


def test_a_wrong_filter_gets_a_hint_per_case(checked):
    wrong = checked["filters"]["wrong"]
    lines = failed_lines(wrong)
    assert wrong["returned"] == len(lines) == 3 and all("you kept" in line for line in lines), wrong


def test_an_n_plus_1_is_over_the_budget_and_a_typed_in_answer_is_caught(checked):
    lazy = checked["budget"]["lazy"]
    assert lazy["returned"] == 2 and all("N+1" in line for line in failed_lines(lazy)), lazy
    typed = checked["budget"]["typed in"]
    assert typed["returned"] == 2 and all("no query ran" in line for line in failed_lines(typed)), typed
    wrong = checked["budget"]["wrong rows"]
    assert wrong["returned"] == 1 and "you returned 3 pairs" in wrong["out"], wrong


def test_learner_code_that_raises_gets_a_failed_line_not_a_traceback(checked):
    for part, case, message in [("pages", "raises", "broken paginator"), ("filters", "raises", "KeyError"),
                                ("budget", "raises", "no attribute 'prodcut'")]:
        result = checked[part][case]
        assert result["returned"] >= 1 and any(message in line for line in failed_lines(result)), (part, result)
        assert "Traceback" not in result["out"]


# --- the JSON 429 (Flask only: checked in this process) -----------------------------------------------------------

def limited(handler: bool = True, headers: bool = True, limit: str = "2 per minute", storage: str = "memory://"):
    """A factory like the learner's: a Flask app whose /api/ping/ allows ``limit``."""
    def limited_app():
        from flask import Flask
        from flask_limiter import Limiter
        from flask_limiter.util import get_remote_address

        app = Flask("limited")
        limiter = Limiter(get_remote_address, app=app, storage_uri=storage, headers_enabled=headers)

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


def test_a_factory_that_raises_or_returns_no_app_gets_a_failed_line(capsys):
    from apilab.lessons.practice.real_api_features import check_limited_app

    def limited_app():
        raise ImportError("No module named 'flask_limit'")

    assert check_limited_app(limited_app) == 1
    assert check_limited_app(lambda: "app") == 1
    out = capsys.readouterr().out
    assert "ImportError: No module named 'flask_limit'" in out and "it returned str" in out and "Traceback" not in out
