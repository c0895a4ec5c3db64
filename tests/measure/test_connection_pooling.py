"""Connection pooling in both frameworks: the servers' own counts of connections opened per request.

Counted, never timed: without a pool (SQLAlchemy's NullPool, Django's
CONN_MAX_AGE=0) every list request opens a connection; with one (QueuePool,
CONN_MAX_AGE=60) the worker's first connection serves all later requests.
Against sqlite always, against a throwaway PostgreSQL when it is installed.
"""

import os
import shutil

import psutil
import pytest
import requests

from apilab.measure.bench_servers import BenchServer, pooling_family
from apilab.measure.connection_pooling import KEPT, NEW, compare_pooling, pooling_ratios, pooling_table
from apilab.measure.postgres_server import missing_postgres_message, start_postgres


def require_postgres() -> None:
    """Skip when no throwaway PostgreSQL can start here, saying why; under CI=true fail (make test installs it)."""
    problem = missing_postgres_message()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{problem} (make test installs PostgreSQL as root)")
    pytest.skip(problem)


def check_counts(rows) -> None:
    assert (rows.served > 0).all(), rows
    new, kept = rows[rows.pooled == NEW], rows[rows.pooled == KEPT]
    assert (new.connects == new.served).all(), new[["setup", "connects", "served"]]
    assert (kept.connects == 0).all(), kept[["setup", "connects", "served"]]
    assert set(rows.setup) == {"Flask + SQLAlchemy, QueuePool", "Flask + SQLAlchemy, NullPool",
                               "Django + Django ORM, CONN_MAX_AGE=60", "Django + Django ORM, CONN_MAX_AGE=0"}


def test_without_a_pool_each_request_connects_and_with_one_none_does(no_leftover_processes):
    rows = compare_pooling(database_url=None, repeat=2, duration=0.3)
    check_counts(rows)
    assert set(rows.database) == {"sqlite"} and len(rows) == 8
    table = pooling_table(rows)
    assert {"connects/request median", "req/s median", "req/s lowest", "req/s highest"} <= set(table.columns)
    ratios = pooling_ratios(rows)
    assert list(ratios.ratio) == ["Flask + SQLAlchemy, QueuePool ÷ Flask + SQLAlchemy, NullPool",
                                  "Django + Django ORM, CONN_MAX_AGE=60 ÷ Django + Django ORM, CONN_MAX_AGE=0"]
    assert (ratios.rounds == 2).all() and ratios.verdict.notna().all()


def test_pooling_applies_to_the_orm_rungs_only():
    assert pooling_family("flask-marshmallow") == "flask" and pooling_family("drf") == "django"
    for framework in ("flask", "wsgi", "django-sql"):
        with pytest.raises(ValueError, match="ORM rungs"):
            BenchServer(framework, pooling=True)


@pytest.mark.parametrize("url", ["postgresql://postgres@10.0.0.1:5432/products", "sqlite:///x.db",
                                 "postgresql://postgres@127.0.0.1/products", "postgresql://postgres@127.0.0.1:5432/"])
def test_only_a_loopback_postgresql_url_is_taken(url):
    with pytest.raises(ValueError, match="database_url"):
        BenchServer("django", database_url=url)


def test_a_throwaway_postgresql_holds_the_products_and_leaves_nothing_behind(no_leftover_processes):
    require_postgres()
    import psycopg

    with start_postgres(products=3, name="test-postgres") as database:
        assert database.url.startswith("postgresql://postgres:") and "@127.0.0.1:" in database.url
        # Other users of the machine reach 127.0.0.1 too: without the cluster's password there is no login.
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(host="127.0.0.1", port=database.port, user="postgres", dbname="postgres",
                            password="guessed", connect_timeout=5)
        assert "***" in repr(database) and database.url.split("@")[0].split(":")[-1] not in repr(database)
        with psycopg.connect(database.url) as connection:
            names = [row[0] for row in connection.execute('SELECT name FROM "shop_product" ORDER BY id')]
        assert names == ["Product 1", "Product 2", "Product 3"]
        for framework in ("flask-sqlalchemy", "drf"):
            with BenchServer(framework, database_url=database.url) as server:
                body = requests.get(server.url, timeout=10).json()
            assert [product["name"] for product in body] == names
        folder, pid = database.folder, database.pid
    assert not os.path.exists(folder)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_against_postgresql_the_counts_are_the_same(no_leftover_processes):
    require_postgres()
    with start_postgres(name="test-postgres") as database:
        rows = compare_pooling(database_url=database.url, repeat=1, duration=0.3)
    check_counts(rows)
    assert set(rows.database) == {"PostgreSQL"}


def test_postgres_is_reported_missing_when_initdb_cannot_be_found(monkeypatch):
    monkeypatch.setattr("apilab.measure.postgres_server.glob.glob", lambda pattern: [])
    monkeypatch.setattr(shutil, "which", lambda name, **kwargs: None)
    assert missing_postgres_message().startswith("PostgreSQL is not installed; install it with: apt-get install")
