"""Read the products with the standard library, one sqlite connection per thread (Flask, bare WSGI)."""

from __future__ import annotations

import sqlite3
import threading

from apilab.measure.bench_apps import SELECT_PRODUCTS_SQL, database_path

_local = threading.local()


def fetch_products() -> list[dict]:
    """Return all products as the contract's JSON objects, ordered by id."""
    connection = getattr(_local, "connection", None)
    if connection is None:
        # Like Django with CONN_MAX_AGE=None: a persistent connection per thread.
        connection = _local.connection = sqlite3.connect(database_path())
    rows = connection.execute(SELECT_PRODUCTS_SQL).fetchall()
    return [
        {"id": id_, "name": name, "price_cents": price, "in_stock": bool(in_stock)}
        for id_, name, price, in_stock in rows
    ]
