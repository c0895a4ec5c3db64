"""Self-check cells: "not done yet" on an empty answer, all passed on the model answer, a hint on a wrong one."""

import pandas as pd
import pytest

import apilab
from apilab.lessons.code_size import count_lines
from apilab.lessons.practice.side_by_side import check_error_messages, check_in_stock_filter, check_line_count


def json_errors(app):
    @app.errorhandler(404)
    def not_found(error):
        return {"detail": error.description}, 404


def counted() -> pd.DataFrame:
    return pd.DataFrame({"Flask": {"model": 8, "views": 30}, "Django + DRF": {"model": 7, "views": 10}})


def test_an_empty_answer_is_not_done_yet_and_raises_nothing(capsys):
    assert check_line_count(counted(), flask_errors=json_errors) is None
    assert check_line_count("not a table", flask_errors=json_errors) is None
    assert capsys.readouterr().out.startswith("not done yet")


def test_the_model_answer_passes_every_check(capsys):
    lines = counted()
    lines.loc["errors in the contract's shapes"] = {"Flask": count_lines(json_errors), "Django + DRF": 0}
    lines.loc["total"] = lines.sum()
    assert check_line_count(lines, flask_errors=json_errors) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out


def test_a_wrong_answer_gets_a_hint_but_not_the_answer(capsys):
    lines = counted()
    lines.loc["errors in the contract's shapes"] = {"Flask": 1, "Django + DRF": 3}
    assert check_line_count(lines, flask_errors=json_errors) == 3
    out = capsys.readouterr().out
    assert "you counted 1" in out and "you counted 3" in out and 'add a "total" row' in out
    (flask_line,) = [line for line in out.splitlines() if line.startswith("✗ the Flask build's")]
    assert str(count_lines(json_errors)) not in flask_line   # the expected count is never printed


# check_error_messages and check_in_stock_filter: against the reference builds, served in this process.

@pytest.fixture
def serve_app():
    """Serve Flask apps under names of this test's own; stop them afterwards."""
    servers = []
    yield lambda app: servers.append(apilab.serve(app, name=f"practice-test-{len(servers)}")) or servers[-1]
    for server in servers:
        server.stop()


@pytest.fixture
def serve_drf(product_table):
    """Serve URL patterns with Django (over a Product table holding two products); stop afterwards."""
    servers = []
    yield lambda patterns: servers.append(apilab.serve_django(patterns, name="practice-test-django")) or servers[-1]
    for server in servers:
        server.stop()


def reference_servers(serve_app, serve_drf):
    from reference_apps import drf_products, flask_products

    return serve_app(flask_products.create_app()), serve_drf(drf_products.urlpatterns)


def answers(*servers) -> pd.DataFrame:
    import requests

    replies = {name: requests.post(server.url + "/api/products/", json={"name": "Mug", "price_cents": -1})
               for name, server in zip(["Flask", "Django"], servers)}
    return pd.DataFrame({name: {"status": reply.status_code, "price_cents": reply.json()["price_cents"]}
                         for name, reply in replies.items()})


def test_the_messages_check_is_not_done_on_the_template_and_passes_the_answers(serve_app, serve_drf, capsys):
    flask_server, django_server = reference_servers(serve_app, serve_drf)
    assert check_error_messages(None, flask_server.url, django_server.url) is None
    assert capsys.readouterr().out.startswith("not done yet")
    assert check_error_messages(answers(flask_server, django_server), flask_server.url, django_server.url) == 0
    assert "All checks passed." in capsys.readouterr().out


def test_wrong_messages_get_a_hint_but_not_the_messages(serve_app, serve_drf, capsys):
    flask_server, django_server = reference_servers(serve_app, serve_drf)
    right = answers(flask_server, django_server)
    wrong = right.copy()
    wrong.loc["status", "Flask"] = 500
    wrong.at["price_cents", "Django"] = ["wrong"]
    wrong = wrong.rename(columns={"Django": "DRF"})
    assert check_error_messages(wrong, flask_server.url, django_server.url) == 2
    out = capsys.readouterr().out
    assert "✗ Flask: the status: you have 500" in out and '✗ the Django column: name one column "Django"' in out
    for message in right.at["price_cents", "Flask"] + right.at["price_cents", "Django"]:
        assert message not in out
    odd = pd.DataFrame({"Flask": {"status": [400, 400]}, "Django": {"status": None}})   # a list where a number goes
    assert check_error_messages(odd, flask_server.url, django_server.url) == 4


def filtered_flask_app():
    import json

    from flask import request
    from reference_apps import flask_products

    app = flask_products.create_app()
    listing = app.view_functions["list_products"]

    def list_by_stock():
        response = listing()
        wanted = request.args.get("in_stock")
        if wanted in ("true", "false"):
            kept = [item for item in response.get_json() if item["in_stock"] is (wanted == "true")]
            response.set_data(json.dumps(kept))
        return response

    app.view_functions["list_products"] = list_by_stock
    return app


def filtered_urlpatterns():
    from django_filters.rest_framework import DjangoFilterBackend
    from reference_apps import drf_products

    class FilteredViewSet(drf_products.ProductViewSet):
        filter_backends = [DjangoFilterBackend]
        filterset_fields = ["in_stock"]

    return drf_products.products_urlpatterns(FilteredViewSet)


def empty():
    ...


def test_the_filter_check_is_not_done_on_the_template_and_passes_a_filter_in_both(product_table, capsys):
    from django.urls import get_resolver

    assert check_in_stock_filter(empty, empty) is None
    assert capsys.readouterr().out.startswith("not done yet")
    before = list(get_resolver().url_patterns)
    assert check_in_stock_filter(filtered_flask_app, filtered_urlpatterns) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out
    assert list(get_resolver().url_patterns) == before            # Django's URLs put back as they were
    assert "practice-flask-filter" not in apilab.running_servers()


def test_a_build_without_the_filter_or_that_raises_gets_a_failed_point(product_table, capsys):
    from reference_apps import drf_products, flask_products

    def broken():
        raise RuntimeError("not yet")

    assert check_in_stock_filter(flask_products.create_app, broken) == 3
    out = capsys.readouterr().out
    assert "✗ Flask: GET /api/products/?in_stock=true: the list should hold only" in out
    assert "✗ the Django URL patterns: RuntimeError: not yet" in out
    assert "✓ Flask: the contract's list and create checks" in out
    assert check_in_stock_filter(empty, lambda: drf_products.urlpatterns) == 3   # no Flask app, DRF unfiltered
    assert "✗ the Flask app: the function should return a Flask app" in capsys.readouterr().out


def test_duplicated_rows_or_one_column_get_a_failed_point(capsys):
    lines = counted()
    extra = pd.DataFrame({"Flask": [count_lines(json_errors)], "Django + DRF": [0]},
                         index=["errors in the contract's shapes"])
    twice = pd.concat([lines, extra, extra])                   # the answer cell run twice
    assert check_line_count(twice, flask_errors=json_errors) == 1
    assert "✗ each row of `lines` is there once: \"errors in the contract's shapes\" is there 2 times" in \
        capsys.readouterr().out.replace("'errors in the contract's shapes'", '"errors in the contract\'s shapes"')
    one = pd.concat([lines, extra])[["Flask"]]
    assert check_line_count(one, flask_errors=json_errors) == 1
    assert "✗ `lines` has two columns, one per build: it has 1" in capsys.readouterr().out


def test_a_stopped_server_gets_a_failed_point_not_a_traceback(serve_app, serve_drf, capsys):
    flask_server, django_server = reference_servers(serve_app, serve_drf)
    right = answers(flask_server, django_server)
    flask_url = flask_server.url
    flask_server.stop()
    assert check_error_messages(right, flask_url, django_server.url) == 1
    out = capsys.readouterr().out
    assert "✗ the Flask server answers: ConnectionError" in out and "run the cell that serves the Flask build" in out


def test_the_filter_check_removes_its_rows_without_the_learners_delete(product_table, capsys):
    from django_filters.rest_framework import DjangoFilterBackend
    from reference_apps import drf_products

    class NoDelete(drf_products.ProductViewSet):
        http_method_names = ["get", "post", "head", "options"]
        filter_backends = [DjangoFilterBackend]
        filterset_fields = ["in_stock"]

    check_in_stock_filter(filtered_flask_app, lambda: drf_products.products_urlpatterns(NoDelete))
    capsys.readouterr()
    assert product_table.objects.count() == 2                   # only the two products the fixture made


def test_no_hint_is_long(capsys):
    lines = pd.DataFrame({"Flask": {"model": 8, "errors in the contract's shapes": "x" * 300},
                          "Django + DRF": {"model": 7, "errors in the contract's shapes": "y" * 300}})
    check_line_count(lines, flask_errors=json_errors)
    odd = pd.DataFrame({"Flask": {"status": "z" * 300}, "Django": {"status": "z" * 300}})
    check_error_messages(odd, "http://127.0.0.1:9", "http://127.0.0.1:9")
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line) <= 200 for line in lines)
