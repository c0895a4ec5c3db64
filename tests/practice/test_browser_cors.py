"""Self-check cells of lesson Calling-The-API-From-A-Browser: the origins a learner's API allows, as a browser asks."""

import pytest
from flask import Flask
from flask_cors import CORS

import apilab
from apilab.lessons.practice.browser_cors import SHOP, check_both_spellings, check_shop_origin

PAGE = "http://127.0.0.1:8001"
LOCALHOST = "http://localhost:8001"


def products_app(*origins):
    """A small list-and-create API with flask-cors allowing ``origins`` (none: no CORS at all)."""
    app = Flask("practice-cors-test")

    @app.route("/api/products/", methods=["GET", "POST"])
    def products():
        return []

    if origins:
        CORS(app, origins=list(origins))
    return app


def empty():
    ...


@pytest.fixture
def stand_in():
    """An API standing in for the lesson's Django one: these checks only speak HTTP to it."""
    servers = []

    def serve(app):
        servers.append(apilab.serve(app, name="practice-cors-test-django"))
        return servers[-1].url

    yield serve
    for server in servers:
        server.stop()


def test_both_spellings_not_done_on_the_template_and_passing_the_answer(capsys):
    assert check_both_spellings(empty, PAGE) is None
    assert capsys.readouterr().out.startswith("not done yet")
    assert check_both_spellings(lambda: products_app(PAGE, LOCALHOST), PAGE) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out
    assert "practice-cors" not in apilab.running_servers()                     # the check stopped its server


def test_one_spelling_or_every_origin_gets_a_hint(capsys):
    assert check_both_spellings(lambda: products_app(PAGE), PAGE) == 2
    out = capsys.readouterr().out
    assert f"✗ Flask: GET from {LOCALHOST} allowed: not allowed; list it exactly" in out
    assert f"✓ Flask: GET from {PAGE} allowed" in out
    assert check_both_spellings(lambda: products_app("*"), PAGE) == 2          # "*" lets every site read it
    out = capsys.readouterr().out
    assert "✗ Flask: GET from http://attacker.example refused: it was allowed: list your front ends'" in out


def test_a_function_that_raises_or_returns_no_app_gets_a_failed_point(capsys):
    def broken():
        raise KeyError("origins")

    assert check_both_spellings(broken, PAGE) == 1
    assert "✗ Flask: the app: KeyError: 'origins'" in capsys.readouterr().out
    assert check_both_spellings(lambda: "an app", PAGE) == 1
    assert "✗ Flask: the app: TypeError" in capsys.readouterr().out


def test_the_shop_origin_in_both_apis(stand_in, capsys):
    nothing_yet = stand_in(products_app(PAGE))
    assert check_shop_origin(empty, nothing_yet, PAGE) is None
    assert capsys.readouterr().out.startswith("not done yet")
    both = stand_in(products_app(PAGE, SHOP))
    assert check_shop_origin(lambda: products_app(PAGE, SHOP), both, PAGE) == 0
    assert "All checks passed." in capsys.readouterr().out


def test_the_shop_origin_missing_on_one_side_is_named(stand_in, capsys):
    django_side = stand_in(products_app(PAGE))                                 # the setting not changed
    assert check_shop_origin(lambda: products_app(PAGE, SHOP), django_side, PAGE) == 1
    out = capsys.readouterr().out
    assert f"✗ Django: POST preflight from {SHOP} allowed" in out and "✓ Flask: POST preflight" in out
    assert check_shop_origin(lambda: products_app(SHOP), stand_in(products_app(PAGE, SHOP)), PAGE) == 1
    assert f"✗ Flask: POST preflight from {PAGE} allowed" in capsys.readouterr().out


def test_every_origin_gets_its_own_hint(stand_in, capsys):
    every = Flask("practice-cors-every")

    @every.get("/api/products/")
    def products():
        return [], 200, {"Access-Control-Allow-Origin": "*"}

    assert check_both_spellings(lambda: every, PAGE) >= 1
    out = capsys.readouterr().out
    assert f"✓ Flask: GET from {PAGE} allowed" in out
    assert "✗ Flask: GET from http://attacker.example refused: it was allowed to every origin (*)" in out


def test_a_slow_view_or_a_stopped_django_server_is_a_failed_point(stand_in, capsys):
    import time

    slow = Flask("practice-cors-slow")

    @slow.get("/api/products/")
    def products():
        time.sleep(4)
        return []

    assert check_both_spellings(lambda: slow, PAGE) == 4      # 3 GETs unanswered, no CORS on the preflight
    out = capsys.readouterr().out
    assert f"✗ Flask: GET from {PAGE} allowed: ReadTimeout" in out and "not asked: the request before it failed" in out
    server = apilab.serve(products_app(PAGE, SHOP), name="practice-cors-test-stopped")
    url = server.url
    server.stop()
    assert check_shop_origin(lambda: products_app(PAGE, SHOP), url, PAGE) == 3
    assert "run the cell that serves the Django API again" in capsys.readouterr().out


def test_no_hint_is_long(capsys):
    def long_error():
        raise ValueError("x" * 500)

    check_both_spellings(long_error, PAGE)
    check_shop_origin(long_error, "http://127.0.0.1:9/" + "y" * 300, PAGE)
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line) <= 200 for line in lines)
