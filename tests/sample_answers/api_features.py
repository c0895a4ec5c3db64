"""Answers to 06-api-features: the solution's, correct ones in other styles, N+1 ones, and cheats on the count.

``FLASK_FEATURES`` and ``DJANGO_FEATURES`` are the solution's (SQLAlchemy with
``selectinload`` and ``db.paginate``; DRF generic views with a paginator,
django-filter and ``prefetch_related``). The other styles: Flask on ``sqlite3``
alone with one LEFT JOIN for a page and its reviews (``FLASK_RAW_SQL``),
SQLAlchemy's ``joinedload`` (``FLASK_JOINEDLOAD``), DRF function views with a
``Prefetch`` and a paginator called by hand (``DJANGO_FUNCTION_VIEWS``). The
N+1 ones read each product's reviews with a query of their own.
"""

from sample_answers import solution_answers, with_edit, with_edits

API_FEATURES = solution_answers("06-api-features")
FLASK_FEATURES = API_FEATURES["flask_create_app"]
DJANGO_FEATURES = API_FEATURES["django_views"]

FLASK_N_PLUS_ONE = with_edit(FLASK_FEATURES, ".options(selectinload(ProductRow.reviews))", "")
DJANGO_N_PLUS_ONE = with_edit(DJANGO_FEATURES, '.prefetch_related("reviews")', "")

FLASK_JOINEDLOAD = with_edits(
    FLASK_FEATURES,
    ("from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload",
     "from sqlalchemy.orm import DeclarativeBase, Mapped, joinedload, mapped_column, relationship"),
    ("        query = db.select(ProductRow).order_by(ProductRow.id).options(selectinload(ProductRow.reviews))",
     "        query = db.select(ProductRow).order_by(ProductRow.id).options(joinedload(ProductRow.reviews))"),
)

FLASK_RAW_SQL = '''import sqlite3
import threading
import urllib.parse

from flask import Flask, jsonify, request


def create_app(catalogue):
    """The API on sqlite3 alone: one connection per app, a lock around it, SQL of its own."""
    app = Flask(__name__)
    database = sqlite3.connect(":memory:", check_same_thread=False)
    database.row_factory = sqlite3.Row
    lock = threading.Lock()
    database.executescript("""
        CREATE TABLE products (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, price_cents INTEGER,
                               in_stock INTEGER);
        CREATE TABLE reviews (id INTEGER PRIMARY KEY AUTOINCREMENT,
                              product_id INTEGER REFERENCES products(id), author TEXT, rating INTEGER, text TEXT);
        CREATE INDEX reviews_product ON reviews (product_id);
    """)
    for item in catalogue:
        cursor = database.execute("INSERT INTO products (name, price_cents, in_stock) VALUES (?, ?, ?)",
                                  (item["name"], item["price_cents"], int(item["in_stock"])))
        database.executemany("INSERT INTO reviews (product_id, author, rating, text) VALUES (?, ?, ?, ?)",
                             [(cursor.lastrowid, r["author"], r["rating"], r["text"]) for r in item["reviews"]])
    database.commit()

    def review(row):
        return {"id": row["review_id"], "author": row["author"], "rating": row["rating"], "text": row["text"]}

    @app.get("/api/products/")
    def products():
        where, values, errors = [], [], {}
        stock = request.args.get("in_stock")
        if stock is not None:
            if stock not in ("true", "false"):
                errors["in_stock"] = ["true or false"]
            where.append("in_stock = ?")
            values.append(int(stock == "true"))
        for name, sign in (("price_cents__gte", ">="), ("price_cents__lte", "<=")):
            if name in request.args:
                try:
                    values.append(int(request.args[name]))
                    where.append(f"price_cents {sign} ?")
                except ValueError:
                    errors[name] = ["a whole number"]
        if errors:
            return jsonify(errors), 400
        try:
            page = int(request.args.get("page", "1"))
        except ValueError:
            page = 0
        try:
            size = max(1, min(int(request.args.get("page_size", "5")), 50))
        except ValueError:
            size = 5
        condition = ("WHERE " + " AND ".join(where)) if where else ""
        with lock:
            rows = database.execute(f"""
                SELECT p.id, p.name, p.price_cents, p.in_stock, r.id AS review_id, r.author, r.rating, r.text,
                       (SELECT COUNT(*) FROM products {condition}) AS total
                FROM (SELECT * FROM products {condition} ORDER BY id LIMIT ? OFFSET ?) AS p
                LEFT JOIN reviews AS r ON r.product_id = p.id
                ORDER BY p.id, r.id""", [*values, *values, size, (page - 1) * size]).fetchall()
            total = rows[0]["total"] if rows else database.execute(
                f"SELECT COUNT(*) FROM products {condition}", values).fetchone()[0]
        if page < 1 or (page > 1 and not rows):
            return jsonify(detail="Invalid page."), 404
        found = {}
        for row in rows:
            product = found.setdefault(row["id"], {"id": row["id"], "name": row["name"],
                                                   "price_cents": row["price_cents"],
                                                   "in_stock": bool(row["in_stock"]), "reviews": []})
            if row["review_id"] is not None:
                product["reviews"].append(review(row))

        def link(number):
            query = {**request.args.to_dict(), "page": number}
            return f"{request.base_url}?{urllib.parse.urlencode(query)}"

        return {"count": total, "next": link(page + 1) if page * size < total else None,
                "previous": link(page - 1) if page > 1 else None, "results": list(found.values())}

    @app.route("/api/products/<int:product_id>/reviews/", methods=["GET", "POST"])
    def reviews(product_id):
        with lock:
            if database.execute("SELECT 1 FROM products WHERE id = ?", (product_id,)).fetchone() is None:
                return jsonify(detail="Not found."), 404
            if request.method == "GET":
                rows = database.execute("SELECT id AS review_id, author, rating, text FROM reviews "
                                        "WHERE product_id = ? ORDER BY id", (product_id,)).fetchall()
                return [review(row) for row in rows]
            body = request.get_json(silent=True)
            body = body if isinstance(body, dict) else {}
            errors = {}
            author, rating, text = body.get("author"), body.get("rating"), body.get("text", "")
            if not isinstance(author, str) or not 0 < len(author) <= 50:
                errors["author"] = ["1 to 50 characters"]
            if type(rating) is not int or not 1 <= rating <= 5:
                errors["rating"] = ["a whole number from 1 to 5"]
            if not isinstance(text, str) or len(text) > 500:
                errors["text"] = ["at most 500 characters"]
            if errors:
                return jsonify(errors), 400
            cursor = database.execute("INSERT INTO reviews (product_id, author, rating, text) VALUES (?, ?, ?, ?)",
                                      (product_id, author, rating, text))
            database.commit()
        return {"id": cursor.lastrowid, "author": author, "rating": rating, "text": text}, 201

    return app
'''

DJANGO_FUNCTION_VIEWS = '''from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from django.urls import path


class ReviewOut(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "author", "rating", "text"]


class ProductOut(serializers.ModelSerializer):
    reviews = ReviewOut(many=True, read_only=True)

    class Meta:
        model = Product
        fields = ["id", "name", "price_cents", "in_stock", "reviews"]


class Filters(serializers.Serializer):
    in_stock = serializers.BooleanField(required=False)
    price_cents__gte = serializers.IntegerField(required=False)
    price_cents__lte = serializers.IntegerField(required=False)


class Pages(PageNumberPagination):
    page_size = 5
    page_size_query_param = "page_size"
    max_page_size = 50


@api_view(["GET"])
def products(request):
    filters = Filters(data=request.query_params.dict())  # a dict: a QueryDict would read a missing boolean as false
    filters.is_valid(raise_exception=True)
    chosen = Product.objects.filter(**filters.validated_data).order_by("id").prefetch_related(
        Prefetch("reviews", queryset=Review.objects.order_by("id")))
    pages = Pages()
    page = pages.paginate_queryset(chosen, request)
    return pages.get_paginated_response(ProductOut(page, many=True).data)


@api_view(["GET", "POST"])
def reviews(request, product_id):
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise NotFound("No such product.")
    if request.method == "GET":
        return Response(ReviewOut(product.reviews.order_by("id"), many=True).data)
    review = ReviewOut(data=request.data)
    review.is_valid(raise_exception=True)
    review.save(product=product)
    return Response(review.data, status=201)


urlpatterns = [path("api/products/", products), path("api/products/<int:product_id>/reviews/", reviews)]
'''

# Cheats on the count: switching tracing off on the connections the app uses, and serving a copy kept in Python.
UNTRACED_FLASK = with_edit(
    FLASK_N_PLUS_ONE,
    '    @app.get("/api/products/")\n    def list_products():\n',
    "    @app.before_request\n    def untraced():\n"
    "        import sqlite3\n"
    "        raw = db.engine.raw_connection()\n"
    "        sqlite3.Connection.set_trace_callback(raw.driver_connection, None)\n"
    "        raw.close()\n\n"
    '    @app.get("/api/products/")\n    def list_products():\n',
)

DJANGO_VIEWSET = '''from django.shortcuts import get_object_or_404
from django.urls import include, path
from django_filters import rest_framework as filters
from rest_framework import pagination, routers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "author", "rating", "text"]


class ProductSerializer(serializers.ModelSerializer):
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = ["id", "name", "price_cents", "in_stock", "reviews"]


class Pages(pagination.PageNumberPagination):
    page_size = 5
    page_size_query_param = "page_size"
    max_page_size = 50


class ProductFilter(filters.FilterSet):
    class Meta:
        model = Product
        fields = {"in_stock": ["exact"], "price_cents": ["gte", "lte"]}


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Product.objects.prefetch_related("reviews").order_by("id")
    serializer_class = ProductSerializer
    pagination_class = Pages
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ProductFilter

    @action(detail=True, methods=["get", "post"])
    def reviews(self, request, pk=None):
        product = get_object_or_404(Product, pk=pk)
        if request.method == "GET":
            return Response(ReviewSerializer(product.reviews.order_by("id"), many=True).data)
        review = ReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        review.save(product=product)
        return Response(review.data, status=201)


router = routers.DefaultRouter()
router.register("products", ProductViewSet)
urlpatterns = [path("api/", include(router.urls))]
'''

# Typical bugs: DRF's list without pages (a plain array); Flask's create answering 200.
DJANGO_NO_PAGES = with_edit(DJANGO_FEATURES, "    pagination_class = Pages\n    filter_backends",
                            "    filter_backends")
FLASK_CREATE_200 = with_edit(FLASK_FEATURES, "        return review_json(review), 201",
                             "        return review_json(review)")

# A cheat inside the kernel: the budget the checks read, raised, over an N+1 answer.
RAISES_THE_BUDGET = FLASK_N_PLUS_ONE + '''

import apilab.exercises.api_features.checks as _checks

_checks.QUERY_BUDGET = 10 ** 6
'''

# A cheat below the trace callback: each product's reviews read through a second connection made with the
# class sqlite3.Connection itself, which never passes through sqlite3.connect.
SIDE_CONNECTION = with_edits(
    FLASK_N_PLUS_ONE,
    ('    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"\n',
     '    import os, sqlite3, tempfile\n'
     '    name = os.path.join(tempfile.mkdtemp(), "shop.db")\n'
     '    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + name\n'
     '    side = sqlite3.Connection(name, check_same_thread=False)\n\n'
     '    def side_reviews(product_id):\n'
     '        rows = side.execute("SELECT id, author, rating, text FROM reviews WHERE product_id = ? ORDER BY id",\n'
     '                            (product_id,))\n'
     '        return [dict(zip(("id", "author", "rating", "text"), row)) for row in rows]\n'),
    ('"results": [product_json(product) for product in pages.items]}',
     '"results": [{**{key: getattr(product, key) for key in ("id", "name", "price_cents", "in_stock")},\n'
     '                             "reviews": side_reviews(product.id)} for product in pages.items]}'),
)
