"""A small Flask service configured from the environment, to show what state does across instances.

``create_app()`` reads every ``FLASK_*`` environment variable into its config
(``FLASK_SECRET_KEY`` becomes ``SECRET_KEY``). ``django_service.py`` is the
same service in Django; the lesson runs both the same way. Two kinds of state:

- ``/visits/`` counts in Flask-Caching's cache: ``SimpleCache`` (the default
  here) lives in the process, so each instance has its own count;
  ``FLASK_CACHE_TYPE=RedisCache`` with ``FLASK_CACHE_REDIS_URL`` shares one.
- ``/cart/`` keeps items in Flask's session: a cookie signed with
  ``SECRET_KEY``, which any instance holding the same key can read.

A demonstration of state, not an API to publish: it has no CSRF protection
(neither has the Django twin) and no authentication.
"""

import os

from flask import Flask, jsonify, request, session
from flask_caching import Cache
from werkzeug.exceptions import HTTPException


def create_app():
    """Build the service; its configuration comes from FLASK_* environment variables."""
    app = Flask(__name__)
    app.config["CACHE_TYPE"] = "SimpleCache"  # in this process only, like Django's LocMemCache
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY -> SECRET_KEY, FLASK_CACHE_TYPE -> CACHE_TYPE, ...
    cache = Cache(app)

    @app.get("/visits/")
    def count_visit():
        visits = cache.cache.inc("visits")  # the cache backend's increment (Redis: INCR, atomic)
        return jsonify(visits=visits, pid=os.getpid())

    @app.post("/cart/")
    def add_to_cart():
        sent = request.get_json(silent=True)
        if not isinstance(sent, dict) or type(sent.get("product_id")) is not int:
            return jsonify(detail="Send {\"product_id\": <integer>}."), 400
        session["items"] = session.get("items", []) + [sent["product_id"]]
        return jsonify(items=session["items"]), 201

    @app.get("/cart/")
    def show_cart():
        return jsonify(items=session.get("items", []), pid=os.getpid())

    @app.errorhandler(HTTPException)  # 404, 405: JSON, like the Django twin
    def http_error(error):
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return {"detail": error.description}, error.code, headers

    return app
