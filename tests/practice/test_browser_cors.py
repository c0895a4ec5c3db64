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
