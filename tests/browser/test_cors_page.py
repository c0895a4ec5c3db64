"""The shop-front page of lesson Calling-The-API-From-A-Browser, in chromium: refused by CORS, then working.

The page is served from its own origin (a port of its own) and calls the
Products API on another. Against each framework's reference API, served
without CORS, chromium refuses to hand the page the list and never sends the
POST; with the page's origin allowed (flask-cors, django-cors-headers) the
page lists products and creates one, which the API then holds.
"""

from __future__ import annotations

import os

import pytest
import requests
from course_paths import NOTEBOOKS
from django.test import override_settings
from playwright.sync_api import expect

import apilab
from apilab.lessons.browser_page import page_url, serve_page

pytestmark = pytest.mark.browser

CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"


@pytest.fixture
def shop_front():
    """The lesson's page folder, served from the test process on its own origin."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    apilab.setup_django()  # the course's settings, as in every other test process (idempotent)
    server = serve_page(NOTEBOOKS / "browser_page", name="cors-shop-front")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def open_page(browser):
    """``open_page(url)``: the page in a fresh browser context, with its console messages kept."""
    contexts = []

    def open_url(url: str):
        context = browser.new_context()
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.console_messages_seen = []
        page.on("console", lambda message: page.console_messages_seen.append(message.text))
        page.goto(url)
        return page

    try:
        yield open_url
    finally:
        for context in contexts:
            context.close()


def flask_api(allowed_origin: str | None):
    """The reference Flask Products API, with flask-cors allowing ``allowed_origin`` when given."""
    from flask_cors import CORS
    from reference_apps.flask_products import create_app

    app = create_app()
    if allowed_origin:
        CORS(app, origins=[allowed_origin])
    return apilab.serve(app, name="cors-api")


def django_api(allowed_origin: str | None):
    """The reference DRF Products API on an empty table; the CORS settings are applied by the caller."""
    from reference_apps.drf_products import urlpatterns

    from apilab.django_project.shop.models import Product

    Product.objects.all().delete()

    return apilab.serve_django(urlpatterns, name="cors-api")


def django_cors_settings(allowed_origin: str | None):
    """django-cors-headers' settings allowing ``allowed_origin`` (none at all when it is None)."""
    from django.conf import settings

    if allowed_origin is None:
        return override_settings()
    return override_settings(MIDDLEWARE=[CORS_MIDDLEWARE, *settings.MIDDLEWARE],
                             CORS_ALLOWED_ORIGINS=[allowed_origin])


def serve_api(framework: str, allowed_origin: str | None):
    return flask_api(allowed_origin) if framework == "flask" else django_api(allowed_origin)


def product_names(api_url: str) -> list[str]:
    return [product["name"] for product in requests.get(api_url + "/api/products/", timeout=10).json()]


def create_in_page(page, name: str, price: int) -> None:
    page.fill("#name", name)
    page.fill("#price", str(price))
    page.click("#create button[type=submit]")


@pytest.mark.parametrize("framework", ["flask", "django"])
def test_the_page_is_refused_without_cors_and_works_once_its_origin_is_allowed(
        framework, shop_front, open_page):
    # Refused: the API answers, but without Access-Control-Allow-Origin the browser keeps it from the page.
    with django_cors_settings(None):
        api = serve_api(framework, None)
        try:
            requests.post(api.url + "/api/products/", json={"name": "Teapot", "price_cents": 2500}, timeout=10)
            page = open_page(page_url(shop_front, "products.html", api=api.url))
            page.click("#load")
            expect(page.locator("#status")).to_contain_text("Refused by the browser")
            expect(page.locator("#products li")).to_have_count(0)
            create_in_page(page, "Blocked jug", 900)
            expect(page.locator("#status")).to_contain_text("Refused by the browser")
            assert any("CORS policy" in text for text in page.console_messages_seen), page.console_messages_seen
            assert "Blocked jug" not in product_names(api.url)  # the preflight failed: no POST was sent
        finally:
            api.stop()

    # Working: the same page and requests, with the page's origin allowed by the framework's CORS library.
    with django_cors_settings(shop_front.url):
        api = serve_api(framework, shop_front.url)
        try:
            requests.post(api.url + "/api/products/", json={"name": "Teapot", "price_cents": 2500}, timeout=10)
            page = open_page(page_url(shop_front, "products.html", api=api.url))
            page.click("#load")
            expect(page.locator("#status")).to_have_text("Loaded 1 products.")
            expect(page.locator("#products li")).to_have_text(["Teapot: 2500 cents"])
            create_in_page(page, "Milk jug", 900)
            expect(page.locator("#status")).to_contain_text("Created Milk jug (id ")
            expect(page.locator("#products li")).to_have_text(["Teapot: 2500 cents", "Milk jug: 900 cents"])
            create_in_page(page, "   ", 100)  # a blank name: the API's validation error reaches the page
            expect(page.locator("#status")).to_contain_text("Not created (400)")
            assert product_names(api.url) == ["Teapot", "Milk jug"]
        finally:
            api.stop()
