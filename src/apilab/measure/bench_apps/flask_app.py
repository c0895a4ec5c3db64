"""The Flask benchmark app: ``create_app()`` serving the read endpoint (Flask-Caching on /api/slow/)."""

from __future__ import annotations

import os
import time

from flask import Flask, jsonify
from flask_caching import Cache

from apilab.measure.bench_apps import cache_url, slow_seconds
from apilab.measure.bench_apps.sqlite_rows import fetch_products


def create_app() -> Flask:
    """Return the Flask benchmark app."""
    app = Flask("apilab_bench_flask")
    url = cache_url()
    cache = Cache(app, config={"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url}
                  if url else {"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True})
    calls = {"slow": 0}

    @app.get("/api/products/")
    def list_products():
        return jsonify(fetch_products())

    @app.get("/api/pid/")
    def pid():
        return {"pid": os.getpid()}

    @app.get("/api/slow/")
    @cache.cached(timeout=300)
    def slow_products():
        calls["slow"] += 1
        time.sleep(slow_seconds())
        return jsonify(fetch_products())

    @app.get("/api/slow/calls/")
    def slow_calls():
        return {"pid": os.getpid(), "calls": calls["slow"], "cache": bool(url)}

    return app
