"""Tests of apilab.serving.servers: in-kernel servers start, re-serve, stay quiet and stop cleanly."""

import threading

import pytest
import requests

import apilab
from apilab.serving.servers import InKernelServer


def test_serve_answers_on_loopback(tiny_flask_app, no_leaks):
    with apilab.serve(tiny_flask_app) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert requests.get(server.url + "/ping", timeout=5).json() == {"pong": True}
    assert not server.running


def test_reserving_under_the_same_name_replaces_the_server(tiny_flask_app, no_leaks):
    first = apilab.serve(tiny_flask_app, name="shop")
    second = apilab.serve(tiny_flask_app, name="shop")
    assert not first.running and second.running
    assert apilab.running_servers() == {"shop": second}
    with pytest.raises(requests.ConnectionError):
        requests.get(first.url + "/ping", timeout=2)
    assert requests.get(second.url + "/ping", timeout=5).status_code == 200
    second.stop()
    second.stop()  # stopping twice is harmless
    assert apilab.running_servers() == {}


def test_default_names_follow_the_framework(tiny_flask_app, no_leaks):
    from django.core.handlers.wsgi import WSGIHandler

    flask_server = apilab.serve(tiny_flask_app)
    django_server = apilab.serve(WSGIHandler())
    assert (flask_server.name, django_server.name) == ("flask", "django")
    assert flask_server.running and django_server.running
    apilab.stop_all()


@pytest.mark.soak
@pytest.mark.parametrize("kind", ["flask", "django"])
def test_200_start_stop_cycles_leak_nothing(kind, tiny_flask_app, no_leaks):
    from django.core.handlers.wsgi import WSGIHandler

    app = tiny_flask_app if kind == "flask" else WSGIHandler()
    for cycle in range(200):
        server = apilab.serve(app, name=kind)
        if cycle % 50 == 0:
            assert requests.get(server.url + "/ping", timeout=5).status_code in (200, 404)
    server.stop()
    assert not any(t.name.startswith("apilab-") for t in threading.enumerate())


def test_serving_writes_nothing_to_stderr_and_keeps_errors(tiny_flask_app, capfd, no_leaks):
    with apilab.serve(tiny_flask_app) as server:
        assert requests.get(server.url + "/ping", timeout=5).status_code == 200
        assert requests.get(server.url + "/missing", timeout=5).status_code == 404
        assert requests.get(server.url + "/boom", timeout=5).status_code == 500
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
    assert "deliberate failure" in "\n".join(apilab.recent_errors(3))


def test_django_errors_are_kept_not_printed(capfd, no_leaks):
    from django.urls import path

    def broken(request):
        raise ValueError("broken view")

    with apilab.serve_django([path("broken/", broken)]) as server:
        assert requests.get(server.url + "/broken/", timeout=5).status_code == 500
    assert capfd.readouterr().err == ""
    assert "broken view" in "\n".join(apilab.recent_errors(3))


@pytest.mark.parametrize(
    "bad_app, message",
    [(None, "needs a WSGI application"), ("app", "needs a WSGI application")],
)
def test_serve_rejects_what_is_not_an_app(bad_app, message):
    with pytest.raises(TypeError, match=message):
        apilab.serve(bad_app)


def test_serve_rejects_an_empty_name(tiny_flask_app):
    with pytest.raises(ValueError, match="non-empty string name"):
        apilab.serve(tiny_flask_app, name="")


def test_handle_repr_says_where_and_whether_it_serves(tiny_flask_app, no_leaks):
    server = apilab.serve(tiny_flask_app, name="shown")
    assert isinstance(server, InKernelServer)
    # The one link (JupyterLab links every http:// in a text output) opens a route the app has.
    assert repr(server) == f"<InKernelServer 'shown' serving at 127.0.0.1:{server.port}; open {server.url}/ping>"
    server.stop()
    assert repr(server) == f"<InKernelServer 'shown' stopped (was at 127.0.0.1:{server.port})>"


def test_a_link_goes_to_the_products_list_when_the_app_has_one_and_never_to_a_bare_root(no_leaks):
    from flask import Flask

    from apilab.serving.servers import link_path

    app = Flask("links")
    app.add_url_rule("/api/products/<int:product_id>/", "one", lambda product_id: {})
    assert link_path(app) is None, "a route that needs an argument is no link"
    app.add_url_rule("/api/hello/", "hello", lambda: {})
    app.add_url_rule("/api/products/", "products", lambda: [])
    assert link_path(app) == "/api/products/"
    assert link_path(lambda environ, start_response: []) is None


def test_stop_all_also_stops_benchmark_servers_and_redis(tiny_flask_app):
    from apilab.measure import bench_servers
    from apilab.serving import redis_server

    calls = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bench_servers, "stop_all_bench_servers", lambda: calls.append("bench"))
        patch.setattr(redis_server, "stop_all_redis", lambda: calls.append("redis"))
        server = apilab.serve(tiny_flask_app, name="stopped-by-all")
        apilab.stop_all()
    assert sorted(calls) == ["bench", "redis"] and not server.running
