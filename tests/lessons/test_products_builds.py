"""The ready-made Products API builds keep the contract, and their change points do what they say."""

import functools

import pytest
from marshmallow import fields

import apilab
from apilab.contract import run_checks
from apilab.lessons.products_builds import ProductSchema, ProductStore, create_flask_app


@pytest.fixture
def served():
    """Serve apps or URL patterns under this test's names; stop them afterwards."""
    servers = []

    def serve(app=None, urlpatterns=None):
        if urlpatterns is not None:
            servers.append(apilab.serve_django(urlpatterns, name="lessons-test-django"))
        else:
            servers.append(apilab.serve(app, name=f"lessons-test-{len(servers)}"))
        return servers[-1]

    yield serve
    for server in servers:
        server.stop()


def test_the_flask_build_keeps_the_contract(served):
    report = run_checks(served(create_flask_app()).url)
    report.assert_groups()


def test_each_flask_app_has_its_own_store_or_the_one_it_is_given():
    store = ProductStore()
    first, second = create_flask_app(store=store), create_flask_app()
    first.test_client().post("/api/products/", json={"name": "Mug", "price_cents": 1})
    assert second.test_client().get("/api/products/").get_json() == []
    assert store.get(1)["name"] == "Mug"


def test_a_padded_name_is_kept_and_a_blank_one_refused():
    client = create_flask_app().test_client()
    assert client.post("/api/products/", json={"name": " Mug ", "price_cents": 1}).get_json()["name"] == " Mug "
    for blank in (" ", "\n\t"):
        refused = client.post("/api/products/", json={"name": blank, "price_cents": 1})
        assert refused.status_code == 400 and list(refused.get_json()) == ["name"], refused.get_json()


def test_a_body_not_sent_as_json_answers_415_in_json():
    refused = create_flask_app().test_client().post(
        "/api/products/", data='{"name": "Mug", "price_cents": 1}', content_type="text/plain")
    assert refused.status_code == 415 and refused.is_json and "detail" in refused.get_json()


def test_another_schema_changes_the_rules():
    class LaxSchema(ProductSchema):
        price_cents = fields.Integer(required=True, strict=True)

    client = create_flask_app(schema_class=LaxSchema).test_client()
    assert client.post("/api/products/", json={"name": "Mug", "price_cents": -1}).status_code == 201
    assert create_flask_app().test_client().post(
        "/api/products/", json={"name": "Mug", "price_cents": -1}).status_code == 400


def test_protect_wraps_every_write_and_no_read():
    def refuse(view):
        @functools.wraps(view)
        def refused(*args, **kwargs):
            return {"detail": "refused"}, 401
        return refused

    client = create_flask_app(protect=refuse).test_client()
    writes = [client.post("/api/products/", json={"name": "Mug", "price_cents": 1}),
              client.put("/api/products/1/", json={"name": "Mug", "price_cents": 1}),
              client.patch("/api/products/1/", json={"price_cents": 1}),
              client.delete("/api/products/1/")]
    assert [response.status_code for response in writes] == [401] * 4
    assert client.get("/api/products/").status_code == 200
    assert client.get("/api/products/1/").status_code == 404


def test_the_drf_build_keeps_the_contract(served):
    apilab.setup_django()
    from apilab.lessons.products_drf_build import urlpatterns

    report = run_checks(served(urlpatterns=urlpatterns).url)
    report.assert_groups()


def test_the_flask_build_keeps_an_errors_own_headers_in_its_json_answer():
    """A 401 raised with a WWW-Authenticate value keeps it (exercise 4 builds on this app); a 405 keeps Allow."""
    from werkzeug.datastructures import WWWAuthenticate
    from werkzeug.exceptions import Unauthorized

    app = create_flask_app()

    @app.before_request
    def refuse_writes():
        from flask import request

        if request.method == "POST":
            raise Unauthorized("A token is needed.", www_authenticate=WWWAuthenticate("Token"))

    client = app.test_client()
    refused = client.post("/api/products/", json={"name": "Mug", "price_cents": 1})
    assert (refused.status_code, refused.get_json()) == (401, {"detail": "A token is needed."})
    assert refused.headers["WWW-Authenticate"] == "Token" and refused.content_type == "application/json"
    not_allowed = client.put("/api/products/")
    assert not_allowed.status_code == 405 and "GET" in not_allowed.headers["Allow"]
