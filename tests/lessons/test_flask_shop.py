"""The deployment project's Flask build: tokens kept as digests, flags read as Django reads them, Django's headers."""

import importlib
import sys

import pytest
from course_paths import NOTEBOOKS


@pytest.fixture
def flask_shop(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(NOTEBOOKS / "deployment"))
    monkeypatch.setenv("FLASK_SECRET_KEY", "k" * 50)
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'shop.sqlite3'}")
    sys.modules.pop("flask_shop", None)
    yield importlib.import_module("flask_shop")
    sys.modules.pop("flask_shop", None)


def test_a_token_is_stored_as_its_digest_and_its_key_still_writes(flask_shop):
    app = flask_shop.create_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    printed = runner.invoke(args=["create-token", "writer"]).output
    key = printed.split("Generated token ")[1].split()[0]
    with app.app_context():
        stored = [row.digest for row in flask_shop.db.session.query(flask_shop.ApiToken)]
    assert stored == [flask_shop.digest_of(key)] and key not in stored
    client = app.test_client()
    headers = {"Authorization": f"Token {key}", "X-Forwarded-Proto": "https"}
    created = client.post("/api/products/", json={"name": "Mug", "price_cents": 1}, headers=headers,
                          base_url="https://localhost")
    assert created.status_code == 201, created.get_data(as_text=True)
    refused = client.post("/api/products/", json={"name": "Mug", "price_cents": 1}, base_url="https://localhost",
                          headers={"Authorization": f"Token {stored[0]}"})     # the digest is not a key
    assert refused.status_code == 401


@pytest.mark.parametrize(("value", "expected"), [("no", False), ("off", False), ("False", False), ("true", True)])
def test_hsts_flags_read_no_as_no(flask_shop, value, expected):
    header = flask_shop.hsts_value({"HSTS_SECONDS": 300, "HSTS_INCLUDE_SUBDOMAINS": value})
    assert ("includeSubDomains" in header) is expected


def test_an_unknown_flag_value_is_refused(flask_shop):
    with pytest.raises(RuntimeError, match="true or false"):
        flask_shop.hsts_value({"HSTS_SECONDS": 300, "HSTS_PRELOAD": "maybe"})


def test_the_flask_build_sends_the_headers_djangos_middleware_sends(flask_shop):
    app = flask_shop.create_app()
    with app.app_context():
        flask_shop.db.create_all()
    answer = app.test_client().get("/api/products/", base_url="https://localhost")
    for name, value in flask_shop.SECURITY_HEADERS.items():
        assert answer.headers.get(name) == value
