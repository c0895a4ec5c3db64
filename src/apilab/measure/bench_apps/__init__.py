"""Read-only benchmark apps: the same ``GET /api/products/`` in Flask, Django, DRF and bare WSGI.

Every app answers the contract's list endpoint from the same seeded sqlite
file (``APILAB_BENCH_DB``), so a comparison measures the frameworks, not
different work. Each also serves ``GET /api/pid/`` (which process answered,
for load-balancer checks), ``GET /api/slow/`` (the product list after a
deliberate ``APILAB_BENCH_SLOW_MS`` sleep, cached when ``APILAB_BENCH_CACHE_URL``
names a Redis server) and ``GET /api/slow/calls/`` (how often this process ran
the slow path). The ORM apps (Flask-SQLAlchemy, Django, DRF) can read a
PostgreSQL database instead (``APILAB_BENCH_DB_URL``), choose their
connection handling (``APILAB_BENCH_POOL``: ``queue`` or ``null`` for
SQLAlchemy's pool, ``APILAB_BENCH_CONN_MAX_AGE`` for Django's persistent
connections) and count the connections they open (``GET /api/db/connects/``).
They are measurement subjects, not solutions of the exercises:
they implement only the read endpoint.

``apilab.measure.bench_servers.start_bench_server`` seeds a database and serves them.
"""

from __future__ import annotations

import os
import sqlite3

# The table Django's apilab.django_project.shop.Product model maps to, as Django's migration creates it.
PRODUCTS_TABLE_SQL = (
    'CREATE TABLE IF NOT EXISTS "shop_product" ('
    '"id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"name" varchar(100) NOT NULL, '
    '"price_cents" integer unsigned NOT NULL CHECK ("price_cents" >= 0), '
    '"in_stock" bool NOT NULL)'
)
SELECT_PRODUCTS_SQL = 'SELECT id, name, price_cents, in_stock FROM "shop_product" ORDER BY id'


def seed_database(path: str, products: int = 20) -> None:
    """Create the products table in the sqlite file ``path`` holding ``products`` products."""
    if not isinstance(products, int) or isinstance(products, bool) or products < 0:
        raise ValueError(f"products must be a whole number >= 0, got {products!r}")
    with sqlite3.connect(path) as connection:
        connection.execute(PRODUCTS_TABLE_SQL)
        connection.execute('DELETE FROM "shop_product"')
        connection.executemany(
            'INSERT INTO "shop_product" (name, price_cents, in_stock) VALUES (?, ?, ?)',
            [(f"Product {n}", 100 * n + 99, n % 4 != 0) for n in range(1, products + 1)],
        )
    connection.close()


def database_path() -> str:
    """Return the sqlite file the benchmark apps read (``APILAB_BENCH_DB``)."""
    try:
        return os.environ["APILAB_BENCH_DB"]
    except KeyError:
        raise RuntimeError(
            "APILAB_BENCH_DB is not set; start the apps with apilab.measure.bench_servers.start_bench_server"
        ) from None


def slow_seconds() -> float:
    """Return how long the slow endpoint sleeps (``APILAB_BENCH_SLOW_MS``, default 50 ms)."""
    return float(os.environ.get("APILAB_BENCH_SLOW_MS", "50")) / 1000


def cache_url() -> str | None:
    """Return the Redis URL the slow endpoint caches in, or None for no cache."""
    return os.environ.get("APILAB_BENCH_CACHE_URL") or None


def database_url() -> str | None:
    """Return the postgresql:// URL the ORM apps read instead of the sqlite file, or None."""
    return os.environ.get("APILAB_BENCH_DB_URL") or None


POOL_CHOICES = ("queue", "null")


def pool_choice() -> str | None:
    """Return SQLAlchemy's pool for the Flask ORM apps: "queue", "null", or None for the engine's default."""
    choice = os.environ.get("APILAB_BENCH_POOL") or None
    if choice is not None and choice not in POOL_CHOICES:
        raise RuntimeError(f"APILAB_BENCH_POOL must be one of {POOL_CHOICES}, got {choice!r}")
    return choice
