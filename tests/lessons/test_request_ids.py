"""Request ids (Real-API-Features): a sent id is kept if plain, echoed, put on every log line, in both frameworks."""

import logging
import re

import pytest

from apilab.lessons.json_logs import capture_json_logs, json_lines
from apilab.lessons.products_builds import create_flask_app
from apilab.lessons.request_ids import (
    HEADER,
    NO_REQUEST,
    RequestIdMiddleware,
    add_request_ids,
    current_request_id,
    request_id_from,
)

NEW_ID = re.compile(r"[0-9a-f]{32}")


def test_a_plain_sent_id_is_kept():
    for sent in ("abc-123", "A.b_C", "x" * 64):
        assert request_id_from(sent) == sent


@pytest.mark.parametrize("sent", [None, "", "has space", "line\nbreak", "x" * 65, "quote\""])
def test_a_missing_or_unsafe_id_is_replaced_by_a_new_one(sent):
    made = request_id_from(sent)
    assert NEW_ID.fullmatch(made) and made != sent


def test_new_ids_differ():
    assert len({request_id_from(None) for _ in range(20)}) == 20


def test_flask_echoes_a_sent_id_and_makes_one_otherwise():
    app = create_flask_app()
    add_request_ids(app, logger_name="tests.ids.flask.echo")
    client = app.test_client()
    assert client.get("/api/products/", headers={HEADER: "from-client-1"}).headers[HEADER] == "from-client-1"
    missing = client.get("/api/products/99/")  # a 404 answered by the app's error handler
    assert missing.status_code == 404 and NEW_ID.fullmatch(missing.headers[HEADER])
    refused = client.post("/api/products/", json={"name": ""}, headers={HEADER: "bad id"})
    assert refused.status_code == 400 and NEW_ID.fullmatch(refused.headers[HEADER])


def test_flask_log_lines_carry_the_id_and_it_is_forgotten_after_the_request():
    buffer = capture_json_logs("tests.ids.flask", "tests.ids.flask.view")
    app = create_flask_app()
    add_request_ids(app, logger_name="tests.ids.flask")

    @app.get("/api/logged/")
    def logged():
        logging.getLogger("tests.ids.flask.view").info("inside the view")
        return {"ok": True}

    app.test_client().get("/api/logged/", headers={HEADER: "req-7"})
    lines = json_lines(buffer)
    assert [(line["logger"], line["message"], line["request_id"]) for line in lines] == [
        ("tests.ids.flask", "request started", "req-7"), ("tests.ids.flask.view", "inside the view", "req-7")]
    assert lines[0]["method"] == "GET" and lines[0]["path"] == "/api/logged/"
    assert current_request_id.get() == NO_REQUEST


def test_django_middleware_echoes_logs_and_forgets_the_id(django_ready):
    from django.http import HttpResponse
    from django.test import RequestFactory

    buffer = capture_json_logs("tests.ids.django", "tests.ids.django.view")
    seen = []

    def view(request):
        seen.append((request.request_id, current_request_id.get()))
        logging.getLogger("tests.ids.django.view").info("inside the view")
        return HttpResponse(status=404)

    class Middleware(RequestIdMiddleware):
        logger_name = "tests.ids.django"

    middleware = Middleware(view)
    sent = middleware(RequestFactory().get("/api/products/", headers={HEADER: "req-9"}))
    made = middleware(RequestFactory().get("/api/products/"))
    assert sent[HEADER] == "req-9" and NEW_ID.fullmatch(made[HEADER])
    assert seen == [("req-9", "req-9"), (made[HEADER], made[HEADER])]
    assert [(line["message"], line["request_id"]) for line in json_lines(buffer)] == [
        ("request started", "req-9"), ("inside the view", "req-9"),
        ("request started", made[HEADER]), ("inside the view", made[HEADER])]
    assert current_request_id.get() == NO_REQUEST


def test_django_middleware_forgets_the_id_when_the_view_raises(django_ready):
    from django.test import RequestFactory

    def failing(request):
        raise RuntimeError("the view failed")

    with pytest.raises(RuntimeError):
        RequestIdMiddleware(failing)(RequestFactory().get("/", headers={HEADER: "req-1"}))
    assert current_request_id.get() == NO_REQUEST
