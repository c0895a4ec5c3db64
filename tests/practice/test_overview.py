"""Self-checks of lesson Overview: "not done yet", all passed on a model answer, hints on wrong answers."""

import importlib.util

import pandas as pd
import pytest
from django.http import Http404, JsonResponse
from django.urls import path
from flask import Flask, abort

from apilab.lessons.practice.overview import (
    BUILT_IN,
    EXTENSION,
    FEATURES,
    check_detail_endpoint,
    check_reading_the_table,
    check_where_features_come_from,
)

PRODUCTS = [{"id": 4, "name": "Kettle", "price_cents": 4200}, {"id": 6, "name": "Cup", "price_cents": 450}]


def answers(**changed) -> dict:
    table = {feature: {framework: where for framework, (where, _) in row.items()} for feature, row in FEATURES.items()}
    for feature, row in changed.items():
        table[feature.replace("_", " ")].update(row)
    return table


def create_flask_app(detail=True):
    app = Flask("overview-test")

    @app.get("/api/products/")
    def list_products():
        return PRODUCTS

    if detail:
        @app.get("/api/products/<int:product_id>/")
        def get_product(product_id):
            for product in PRODUCTS:
                if product["id"] == product_id:
                    return product
            abort(404)

    return app


def list_view(request):
    return JsonResponse(PRODUCTS, safe=False)


def detail_view(request, product_id):
    for product in PRODUCTS:
        if product["id"] == product_id:
            return JsonResponse(product)
    raise Http404("no such product")


def test_every_module_named_as_built_in_is_in_the_frameworks_package():
    for feature, row in FEATURES.items():
        for framework, (where, holder) in row.items():
            if where == BUILT_IN:
                assert holder.split(".")[0] == framework.lower(), (feature, framework)
                assert importlib.util.find_spec(holder) is not None, (feature, framework, holder)
            else:
                assert where == EXTENSION and importlib.util.find_spec(f"{framework.lower()}.{holder}") is None


def test_the_templates_are_not_done_yet(capsys):
    empty = {feature: {"Flask": None, "Django": None} for feature in FEATURES}
    assert check_where_features_come_from(empty) is None
    assert check_where_features_come_from(None) is None

    def stub():
        ...

    assert check_detail_endpoint(stub, None, PRODUCTS) is None
    out = capsys.readouterr().out
    assert out.count("not done yet") == 3 and "✗" not in out


def test_the_model_answers_pass(capsys, django_ready):
    assert check_where_features_come_from(answers()) == 0
    urlpatterns = [path("api/products/", list_view), path("api/products/<int:product_id>/", detail_view)]
    assert check_detail_endpoint(create_flask_app, urlpatterns, PRODUCTS) == 0
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 2 and "✗" not in out


def test_a_wrong_classification_gets_a_hint_that_does_not_say_the_answer(capsys):
    wrong = answers(migrations={"Flask": "built-in"}, admin_site={"Django": "maybe"})
    assert check_where_features_come_from(wrong) == 2
    out = capsys.readouterr().out
    (migrations,) = [line for line in out.splitlines() if line.startswith("✗ Flask: migrations")]
    assert BUILT_IN not in migrations.split(":", 2)[2] and EXTENSION not in migrations
    assert "✗ Django: admin site: answer" in out and "'maybe'" in out


def test_a_missing_detail_route_gets_hints(capsys, django_ready):
    only_list = [path("api/products/", list_view)]
    assert check_detail_endpoint(lambda: create_flask_app(detail=False), only_list, PRODUCTS) == 4   # 2 ids, 2 builds
    out = capsys.readouterr().out
    assert "✗ Flask: GET /api/products/6/ is that product: it answered 404" in out
    assert "✗ Django: GET /api/products/6/ is that product: it answered 404" in out
    assert "✓ Flask: an id no product has answers 404" in out


@pytest.mark.parametrize("urlpatterns", [None, "not a list"])
def test_a_factory_that_raises_gets_a_failed_point_not_a_traceback(capsys, django_ready, urlpatterns):
    def broken():
        raise ValueError("no app")

    assert check_detail_endpoint(broken, urlpatterns, PRODUCTS) == 2
    out = capsys.readouterr().out
    assert "✗ Flask: the endpoints answer: ValueError: no app" in out
    assert "✗ Django: the endpoints answer: `urlpatterns` must be" in out


def table() -> pd.DataFrame:
    return pd.DataFrame({"Flask": [6, 0, 0, 40], "Django": [3, 12, 0, 300]},
                        index=["lines we wrote", "settings changed", "tables", "framework modules loaded"])


def test_reading_the_table(capsys):
    comparison = table()
    assert check_reading_the_table(None, None, comparison) is None
    assert capsys.readouterr().out.startswith("not done yet")
    assert check_reading_the_table(7.5, ["settings changed", "tables"], comparison) == 0
    assert check_reading_the_table(7.49, ("tables", "settings changed"), comparison) == 0   # any rounding to 0.1
    assert capsys.readouterr().out.count("All checks passed.") == 2
    assert check_reading_the_table(40 / 300, ["settings changed"], comparison) == 2
    out = capsys.readouterr().out
    assert "which column goes on top?" in out and "you named 1 rows" in out and "7.5" not in out
    assert check_reading_the_table("many", "tables", comparison) == 2
    out = capsys.readouterr().out
    assert "must be a number, not str" in out and "must be a list" in out
    assert check_reading_the_table(3, ["nothing"], comparison) == 2
    assert "you said 3;" in (out := capsys.readouterr().out) and "'nothing' is not a row" in out


def test_rows_given_as_an_index_or_an_array_are_read(capsys):
    import numpy as np

    comparison = table()
    zero = comparison.index[comparison["Flask"] == 0]                # a pandas Index, as a filter gives
    assert check_reading_the_table(7.5, zero, comparison) == 0
    assert check_reading_the_table(7.5, np.array(zero), comparison) == 0
    assert capsys.readouterr().out.count("All checks passed.") == 2


def test_a_table_of_another_shape_gets_a_shape_hint_not_not_done(capsys):
    assert check_where_features_come_from(["built in", "extension"]) == 1
    out = capsys.readouterr().out
    assert "not done yet" not in out and "✗ `comes_with` is a dict" in out and "it is a list" in out


def flask_app_with(view):
    def create():
        app = Flask("overview-outcomes")
        app.add_url_rule("/api/products/", view_func=lambda: PRODUCTS, endpoint="list")
        app.add_url_rule("/api/products/<int:product_id>/", view_func=view, endpoint="detail")
        return app
    return create


def test_only_the_last_product_right_is_not_enough(capsys, django_ready):
    urlpatterns = [path("api/products/", list_view), path("api/products/<int:product_id>/", detail_view)]
    assert check_detail_endpoint(flask_app_with(lambda product_id: PRODUCTS[-1] if product_id < 100 else abort(404)),
                                 urlpatterns, PRODUCTS) == 1
    assert "✗ Flask: GET /api/products/4/ is that product" in capsys.readouterr().out


def test_a_raising_view_is_named_and_nothing_reaches_stderr(capsys, django_ready, monkeypatch):
    import logging

    monkeypatch.setattr(logging.root, "handlers", [])   # as in a notebook: Flask logs to the request's errors stream

    def detail(product_id):
        raise KeyError("price")

    urlpatterns = [path("api/products/", list_view), path("api/products/<int:product_id>/", detail_view)]
    assert check_detail_endpoint(flask_app_with(detail), urlpatterns, PRODUCTS) == 3
    captured = capsys.readouterr()
    assert "✗ Flask: GET /api/products/6/ is that product: your view raised KeyError: 'price'" in captured.out
    assert captured.err == ""


def test_a_view_that_never_answers_is_a_failed_point_in_time(capsys, django_ready):
    import threading
    import time

    release = threading.Event()

    def detail(product_id):
        release.wait(30)
        return {}

    urlpatterns = [path("api/products/", list_view), path("api/products/<int:product_id>/", detail_view)]
    started = time.monotonic()
    try:
        check_detail_endpoint(flask_app_with(detail), urlpatterns, PRODUCTS)
    finally:
        release.set()
    assert time.monotonic() - started < 20
    assert "✗ Flask: the endpoints answer: no answer within 5 s" in capsys.readouterr().out


def test_no_hint_is_long(capsys):
    long = "x" * 500
    check_where_features_come_from({feature: {"Flask": long, "Django": long} for feature in FEATURES})
    check_reading_the_table(long, [long], table())
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line) <= 200 for line in lines)
