"""Swagger UI pages from the kernel (Real-API-Features): every file local, and the page renders offline."""

from __future__ import annotations

import os

import pytest
from flask import Flask
from flask.views import MethodView
from flask_smorest import Api, Blueprint
from headless_chromium import launch_chromium, require_chromium

import apilab
from apilab.lessons.docs_pages import page_assets, serve_swagger_ui, swagger_ui_folder


def docs_app() -> Flask:
    """A flask-smorest app with one route, its Swagger UI files served by ``serve_swagger_ui``."""
    app = Flask("docs-test")
    app.config.update(API_TITLE="Docs page under test", API_VERSION="1.0.0", OPENAPI_VERSION="3.0.3",
                      OPENAPI_URL_PREFIX="/api/docs", OPENAPI_JSON_PATH="openapi.json",
                      OPENAPI_SWAGGER_UI_PATH="/", OPENAPI_SWAGGER_UI_URL=serve_swagger_ui(app, "/api/docs/"))
    blp = Blueprint("products", __name__, url_prefix="/api/products")

    @blp.route("/")
    class Products(MethodView):
        def get(self):
            """List the products."""
            return []

    Api(app).register_blueprint(blp)
    return app


@pytest.fixture
def docs_server():
    server = apilab.serve(docs_app(), name="docs-page-test")
    yield server
    server.stop()


def test_the_sidecar_has_swagger_ui():
    assert {"swagger-ui-bundle.js", "swagger-ui.css"} <= set(os.listdir(swagger_ui_folder()))


def test_every_file_of_the_page_comes_from_the_app(docs_server):
    assets = page_assets(docs_server.url + "/api/docs/")
    assert {row["asset"] for row in assets} >= {"swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css"}
    assert all(row["from this server"] and row["status"] == 200 for row in assets), assets


def test_a_page_from_a_cdn_is_reported_as_such(docs_server):
    app = Flask("cdn-page")
    app.add_url_rule("/", "page", lambda: '<script src="https://cdn.example.org/x.js"></script>'
                                          '<link rel="stylesheet" href="own.css">')
    app.add_url_rule("/own.css", "css", lambda: "body {}")
    server = apilab.serve(app, name="docs-cdn-page-test")
    try:
        assert page_assets(server.url + "/") == [
            {"asset": "https://cdn.example.org/x.js", "from this server": False, "status": None},
            {"asset": "own.css", "from this server": True, "status": 200}]
    finally:
        server.stop()


def test_a_docs_path_without_slashes_is_refused():
    with pytest.raises(ValueError, match="must start and end with '/'"):
        serve_swagger_ui(Flask("x"), "/api/docs")


def test_the_page_renders_with_no_network_but_the_app(docs_server):
    """In chromium, with every request to another host refused, Swagger UI still shows the API."""
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    refused = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, chromium)
        try:
            page = browser.new_page()

            def only_the_app(route):
                if route.request.url.startswith(docs_server.url):
                    return route.continue_()
                refused.append(route.request.url)
                return route.abort()

            page.route("**/*", only_the_app)
            page.goto(docs_server.url + "/api/docs/")
            page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
            assert "Docs page under test" in page.inner_text(".swagger-ui .info")
            assert "/api/products/" in page.inner_text(".swagger-ui .opblock")
        finally:
            browser.close()
    assert refused == []
