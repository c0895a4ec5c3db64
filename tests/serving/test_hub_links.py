"""Tests of apilab.serving.hub: links that open in the learner's browser, on a laptop and on JupyterHub."""

import pytest
import requests

import apilab
from apilab.serving import hub

ON_HUB = {"JUPYTERHUB_SERVICE_PREFIX": "/user/alice/"}


def test_off_a_hub_the_browser_opens_loopback():
    assert not hub.on_hub({})
    assert hub.browser_url(8123, {}) == "http://127.0.0.1:8123"
    assert hub.proxy_prefix(8123, {}) is None
    assert hub.hub_hosts({}) == []


def test_on_a_hub_the_browser_goes_through_the_learners_proxy():
    assert hub.on_hub(ON_HUB)
    assert hub.browser_url(8123, ON_HUB) == "/user/alice/proxy/absolute/8123"
    named_server = {"JUPYTERHUB_SERVICE_PREFIX": "/user/alice/lab2"}  # a named server, no trailing slash
    assert hub.browser_url(8123, named_server) == "/user/alice/lab2/proxy/absolute/8123"


def test_the_public_url_makes_the_link_absolute_and_names_the_host():
    environ = dict(ON_HUB, JUPYTERHUB_PUBLIC_URL="https://hub.example.org/")
    assert hub.browser_url(8123, environ) == "https://hub.example.org/user/alice/proxy/absolute/8123"
    assert hub.hub_hosts(environ) == ["hub.example.org"]
    assert hub.public_origin(dict(ON_HUB, JUPYTERHUB_PUBLIC_URL="not a url")) is None


def test_a_prefix_that_is_not_a_path_is_refused():
    with pytest.raises(ValueError, match="JUPYTERHUB_SERVICE_PREFIX"):
        hub.service_prefix({"JUPYTERHUB_SERVICE_PREFIX": "user/alice"})


def _echo_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Set-Cookie", "session=1; Path=/; HttpOnly"),
                              ("Set-Cookie", "other=2")])
    return [f"{environ['SCRIPT_NAME']}|{environ['PATH_INFO']}".encode()]


def _call(app, path):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["headers"] = headers

    body = b"".join(app({"PATH_INFO": path, "SCRIPT_NAME": ""}, start_response)).decode()
    return body, [value for name, value in seen["headers"] if name == "Set-Cookie"]


def test_the_middleware_moves_the_prefix_into_script_name_and_narrows_cookies():
    app = hub.ProxyPrefixMiddleware(_echo_app, lambda environ: "/user/alice/proxy/absolute/8123")
    body, cookies = _call(app, "/user/alice/proxy/absolute/8123/admin/login/")
    assert body == "/user/alice/proxy/absolute/8123|/admin/login/"
    assert cookies == ["session=1; Path=/user/alice/proxy/absolute/8123/; HttpOnly",
                       "other=2; Path=/user/alice/proxy/absolute/8123/"]
    assert _call(app, "/user/alice/proxy/absolute/8123")[0] == "/user/alice/proxy/absolute/8123|/"


def test_requests_from_the_kernel_pass_untouched():
    app = hub.ProxyPrefixMiddleware(_echo_app, lambda environ: "/user/alice/proxy/absolute/8123")
    body, cookies = _call(app, "/admin/")
    assert body == "|/admin/" and cookies[0] == "session=1; Path=/; HttpOnly"
    # A path that merely starts with the same characters is not under the prefix.
    assert _call(app, "/user/alice/proxy/absolute/81234/")[0] == "|/user/alice/proxy/absolute/81234/"


def test_a_served_flask_app_answers_the_kernel_and_the_proxy(monkeypatch, no_leaks):
    from flask import Flask, redirect, url_for

    app = Flask("through-the-hub")

    @app.get("/start")
    def start():
        return redirect(url_for("ping"))

    @app.get("/ping")
    def ping():
        return {"pong": True}

    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/alice/")
    with apilab.serve(app, name="hub-flask") as server:
        assert server.browser_url == f"/user/alice/proxy/absolute/{server.port}"
        assert "browser: /user/alice/proxy/absolute/" in repr(server)
        # The kernel keeps calling loopback directly ...
        assert requests.get(server.url + "/ping", timeout=5).json() == {"pong": True}
        # ... and jupyter-server-proxy's proxy/absolute/ forwards the whole path, prefix included.
        through_proxy = server.url + server.browser_url
        moved = requests.get(through_proxy + "/start", allow_redirects=False, timeout=5)
        assert moved.headers["Location"] == server.browser_url + "/ping"
        assert requests.get(through_proxy + "/ping", timeout=5).json() == {"pong": True}


def test_off_a_hub_the_served_app_is_not_wrapped(monkeypatch, tiny_flask_app, no_leaks):
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    with apilab.serve(tiny_flask_app, name="laptop") as server:
        assert server.browser_url == server.url
        assert server._server.app is tiny_flask_app


def test_process_servers_give_the_same_link(monkeypatch, wsgi_module):
    from apilab.serving.process_servers import start_process_server

    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/alice/")
    with start_process_server("hello:app", server="waitress", cwd=wsgi_module) as server:
        assert server.browser_url == f"/user/alice/proxy/absolute/{server.port}"
        assert server.url == f"http://127.0.0.1:{server.port}"
