"""Fixtures for the tests of apilab.serving: a tiny Flask app, a WSGI module, no leaks."""

import pytest
from leak_checks import django_configured, no_leaks  # noqa: F401 (fixtures)


@pytest.fixture
def tiny_flask_app():
    """A Flask app with one JSON route and one route that raises."""
    from flask import Flask

    app = Flask("tiny")

    @app.get("/ping")
    def ping():
        return {"pong": True}

    @app.get("/boom")
    def boom():
        raise RuntimeError("deliberate failure")

    return app


@pytest.fixture
def wsgi_module(tmp_path):
    """A folder holding hello.py, a minimal WSGI app, for process servers to import."""
    (tmp_path / "hello.py").write_text(
        "import os\n"
        "def app(environ, start_response):\n"
        "    body = str(os.getpid()).encode()\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain'),"
        " ('Content-Length', str(len(body)))])\n"
        "    return [body]\n"
    )
    return tmp_path
