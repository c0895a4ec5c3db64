"""A small Flask service configured from the environment, to show what state does across instances.

``create_app()`` reads every ``FLASK_*`` environment variable into its config
(``FLASK_SECRET_KEY`` becomes ``SECRET_KEY``). Two kinds of state:

- ``/visits/`` counts in a Python variable: each process has its own count.
- ``/cart/`` keeps items in Flask's session: a cookie signed with
  ``SECRET_KEY``, which any instance holding the same key can read.
"""

import os

from flask import Flask, jsonify, request, session


def create_app():
    """Build the service; its configuration comes from FLASK_* environment variables."""
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY -> app.config["SECRET_KEY"], ...
    visits = {"count": 0}  # lives in this process only

    @app.get("/visits/")
    def count_visit():
        visits["count"] += 1
        return jsonify(visits=visits["count"], pid=os.getpid())

    @app.post("/cart/")
    def add_to_cart():
        session["items"] = session.get("items", []) + [request.get_json()["product_id"]]
        return jsonify(items=session["items"]), 201

    @app.get("/cart/")
    def show_cart():
        return jsonify(items=session.get("items", []), pid=os.getpid())

    return app
