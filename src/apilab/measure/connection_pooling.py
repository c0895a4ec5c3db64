"""Connection pooling measured in both frameworks side by side: connects per request and requests per second.

::

    servers = start_pooling_servers(database_url=None)   # sqlite; or a PostgreSQL URL
    rows = measure_pooling(servers, repeat=3)
    stop_pooling_servers(servers)                        # compare_pooling() does all three
    pooling_table(rows)                                  # per setup: median, lowest, highest
    pooling_ratios(rows)                                 # kept ÷ new connection, per framework

Four servers run at once, each a gunicorn sync worker (one, so that its
counters are the whole server's): Flask + SQLAlchemy with ``QueuePool`` and
with ``NullPool``, Django + Django's ORM with ``CONN_MAX_AGE=60`` and with
``CONN_MAX_AGE=0``. They are measured in turn, round after round. Around
every run the worker's own counters are read (``GET /api/db/connects/``:
SQLAlchemy's ``connect`` pool event, Django's ``connection_created``
signal), so "connects per request" is counted by the frameworks themselves,
not inferred from the speed.
"""

from __future__ import annotations

import pandas as pd

from apilab.measure import load
from apilab.measure.bench_servers import POOLING_NAMES, pooling_family, start_bench_server
from apilab.measure.side_by_side import warm_up_all
from apilab.measure.spread import ratio_spread, summary

FRAMEWORKS = ("flask-sqlalchemy", "django")
FRAMEWORK_NAMES = {"flask-sqlalchemy": "Flask + SQLAlchemy", "flask-marshmallow": "Flask + SQLAlchemy + marshmallow",
                   "django": "Django + Django ORM", "drf": "Django ORM + DRF serializer"}
KEPT, NEW = "kept (pooled)", "new per request"


def setup_name(framework: str, pooling: bool) -> str:
    """E.g. "Flask + SQLAlchemy, NullPool"."""
    how = POOLING_NAMES[pooling_family(framework)][pooling].removeprefix("SQLAlchemy ")
    return f"{FRAMEWORK_NAMES[framework]}, {how}"


def start_pooling_servers(database_url: str | None = None, frameworks=FRAMEWORKS,
                          ready_timeout: float = 30.0) -> dict:
    """Serve each framework pooled and not, one gunicorn sync worker each; return {(framework, pooled): server}.

    ``database_url`` None gives each server its own seeded sqlite file; a
    postgresql:// URL makes them all read that database. The servers are
    started by name (``start_bench_server``): starting them again stops the
    previous ones, and ``stop_pooling_servers`` stops them.
    """
    frameworks = [frameworks] if isinstance(frameworks, str) else list(frameworks)
    for framework in frameworks:
        pooling_family(framework)
    servers = {}
    try:
        for framework in frameworks:
            for pooled in (True, False):
                servers[(framework, pooled)] = start_bench_server(
                    framework, server="gunicorn", workers=1, database_url=database_url, pooling=pooled,
                    ready_timeout=ready_timeout)
        warm_up_all(servers)
    except BaseException:
        stop_pooling_servers(servers)
        raise
    return servers


def stop_pooling_servers(servers: dict) -> None:
    """Stop the servers of ``start_pooling_servers`` (safe to call twice)."""
    for server in servers.values():
        server.stop()


def measure_pooling(servers: dict, concurrency: int = 4, repeat: int = 3, duration: float = 0.5,
                    requests: int = 10**6, client: str = "auto") -> pd.DataFrame:
    """Measure the servers of ``start_pooling_servers`` in turn, ``repeat`` rounds, counting connects per run.

    Returns the load harness's rows plus framework ``family`` ("Flask" or
    "Django"), ``pooled``, ``setup``, ``database``, ``connects`` and
    ``served`` (counted by the worker during the run) and ``connects_per_request``.
    """
    if not servers:
        raise ValueError("servers is empty: start them with start_pooling_servers()")
    rows = []
    for run in range(repeat):
        for (framework, pooled), server in servers.items():
            before = server.connection_counts()
            row = load.measure(server, concurrency=concurrency, requests=requests, duration=duration,
                               client=client, run=run)
            after = server.connection_counts()
            connects = after["connects"] - before["connects"]
            served = after["requests"] - before["requests"]
            rows.append(row.assign(
                family="Flask" if framework.startswith("flask") else "Django",
                pooled=KEPT if pooled else NEW, setup=setup_name(framework, pooled),
                database="PostgreSQL" if server.database_url else "sqlite",
                connects=connects, served=served,
                connects_per_request=connects / served if served else float("nan")))
    return pd.concat(rows, ignore_index=True)


def compare_pooling(database_url: str | None = None, frameworks=FRAMEWORKS, concurrency: int = 4,
                    repeat: int = 3, duration: float = 0.5, requests: int = 10**6, client: str = "auto",
                    ready_timeout: float = 30.0) -> pd.DataFrame:
    """Start the pooling servers, measure them (``measure_pooling``) and stop them, in one call."""
    servers = start_pooling_servers(database_url, frameworks, ready_timeout)
    try:
        return measure_pooling(servers, concurrency=concurrency, repeat=repeat, duration=duration,
                               requests=requests, client=client)
    finally:
        stop_pooling_servers(servers)


def pooling_table(results: pd.DataFrame) -> pd.DataFrame:
    """Per setup: connects per request and requests per second (median, lowest, highest run)."""
    rates = summary(results, by=["database", "setup"])
    connects = results.groupby(["database", "setup"], sort=False)["connects_per_request"].agg(
        ["median", "min", "max"]).rename(columns={"median": "connects/request median", "min":
                                                  "connects/request lowest", "max": "connects/request highest"})
    return connects.join(rates)


def pooling_ratios(results: pd.DataFrame) -> pd.DataFrame:
    """Per framework: req/s with kept connections ÷ req/s with a new one per request, round by round."""
    tables = []
    for (database, _), rows in results.groupby(["database", "family"], sort=False):
        kept = rows.loc[rows.pooled == KEPT, "setup"].iloc[0]
        new = rows.loc[rows.pooled == NEW, "setup"].iloc[0]
        table = ratio_spread(rows, "pooled", KEPT, NEW, names=(kept, new))
        table.insert(0, "ratio", f"{kept} ÷ {new}")
        table.insert(0, "database", database)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)
