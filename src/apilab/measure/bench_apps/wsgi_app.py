"""The bare-WSGI benchmark app: the same work as the frameworks (query, JSON), no framework at all.

It is the ceiling the frameworks are measured against on the same server.
It has no cache: ``/api/slow/`` always sleeps.
"""

from __future__ import annotations

import json
import os
import time

from apilab.measure.bench_apps import slow_seconds
from apilab.measure.bench_apps.sqlite_rows import fetch_products

_calls = {"slow": 0}


def _json(start_response, status: str, payload) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))])
    return [body]


def app(environ, start_response):
    """Answer the benchmark endpoints with nothing but the WSGI protocol."""
    path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
    if method != "GET":
        return _json(start_response, "405 Method Not Allowed", {"detail": "Method not allowed."})
    if path == "/api/products/":
        return _json(start_response, "200 OK", fetch_products())
    if path == "/api/pid/":
        return _json(start_response, "200 OK", {"pid": os.getpid()})
    if path == "/api/slow/":
        _calls["slow"] += 1
        time.sleep(slow_seconds())
        return _json(start_response, "200 OK", fetch_products())
    if path == "/api/slow/calls/":
        return _json(start_response, "200 OK",
                     {"pid": os.getpid(), "calls": _calls["slow"], "cache": False})
    return _json(start_response, "404 Not Found", {"detail": "Not found."})
