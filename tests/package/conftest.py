"""Fixtures for the support package's own tests."""

import gc
import os
import threading

import psutil
import pytest

import apilab


def resource_counts() -> dict:
    """Count this process's threads, open file descriptors and inet sockets."""
    gc.collect()  # objects left by earlier tests close their files when collected
    process = psutil.Process()
    return {
        "threads": threading.active_count(),
        "fds": process.num_fds(),
        "sockets": len(process.net_connections(kind="inet")),
    }


@pytest.fixture
def no_leaks():
    """Fail the test if it leaves threads, file descriptors or sockets behind."""
    apilab.stop_all()
    before = resource_counts()
    yield before
    apilab.stop_all()
    after = resource_counts()
    assert after == before, f"resources before {before}, after {after}"


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


@pytest.fixture(scope="session", autouse=True)
def _django_configured():
    """Configure Django once for the test process (setup_django is idempotent)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    apilab.setup_django()
