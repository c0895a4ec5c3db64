"""Serve the benchmark apps out of the kernel: one call starts a framework under a server.

::

    with start_bench_server("django", server="gunicorn", workers=2) as server:
        apilab.measure.load.sweep(server, concurrency_levels=[1, 4, 16])

``framework`` is one of ``"flask"`` (Flask + raw SQL), ``"django"`` (Django's
ORM, JsonResponse), ``"drf"`` (Django REST Framework, ListAPIView +
ModelSerializer), ``"wsgi"`` (no framework: the ceiling) or the other rungs of
the ladder (``apilab.measure.bench_ladder``): ``"django-sql"``, ``"flask-sqlalchemy"``,
``"flask-marshmallow"``; ``server`` one of ``"gunicorn"``, ``"waitress"``,
``"werkzeug"``, ``"django-dev"``. Every app reads the same seeded sqlite file.
``start_bench_cluster`` starts several instances behind an Nginx load balancer;
the instances share one database, and a row measured through it says how many
instances served it.

The ORM rungs (``ORM_FRAMEWORKS``) can also read a PostgreSQL database
(``database_url``, e.g. ``apilab.measure.postgres_server.start_postgres().url``)
and choose how they keep their connections: ``pooling=True`` keeps and reuses
them (SQLAlchemy's ``QueuePool``; Django's ``CONN_MAX_AGE=60``),
``pooling=False`` opens one per request (``NullPool``; ``CONN_MAX_AGE=0``),
``None`` leaves each app's default (a kept connection in both).
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from urllib.parse import urlsplit

from apilab.measure.bench_apps import seed_database
from apilab.serving.nginx import LoadBalancer
from apilab.serving.process_servers import ProcessServer

FRAMEWORKS = ("flask", "django", "drf", "wsgi", "django-sql", "flask-sqlalchemy", "flask-marshmallow")
BENCH_SERVERS = ("gunicorn", "waitress", "werkzeug", "django-dev")
PATH = "/api/products/"
ORM_FRAMEWORKS = ("flask-sqlalchemy", "flask-marshmallow", "django", "drf")
# What pooling=True / False sets, per framework family.
POOLING_SETTINGS = {
    "flask": {True: {"APILAB_BENCH_POOL": "queue"}, False: {"APILAB_BENCH_POOL": "null"}},
    "django": {True: {"APILAB_BENCH_CONN_MAX_AGE": "60"}, False: {"APILAB_BENCH_CONN_MAX_AGE": "0"}},
}
POOLING_NAMES = {
    "flask": {True: "SQLAlchemy QueuePool", False: "SQLAlchemy NullPool"},
    "django": {True: "CONN_MAX_AGE=60", False: "CONN_MAX_AGE=0"},
}


def pooling_family(framework: str) -> str:
    """"flask" or "django": whose connection settings ``pooling`` changes for ``framework``."""
    if framework not in ORM_FRAMEWORKS:
        raise ValueError(f"only the ORM rungs {ORM_FRAMEWORKS} have a database connection to pool, "
                         f"got {framework!r}")
    return "flask" if framework.startswith("flask") else "django"


def _check_database_url(database_url) -> None:
    parts = urlsplit(database_url) if isinstance(database_url, str) else None
    if parts is None or parts.scheme != "postgresql" or parts.hostname not in ("127.0.0.1", "localhost") \
            or not parts.port or not parts.path.strip("/"):
        raise ValueError(f"database_url must be postgresql://USER:PASSWORD@127.0.0.1:PORT/NAME, got {database_url!r}")

_TARGETS = {
    "flask": "apilab.measure.bench_apps.flask_app:create_app()",
    "django": "apilab.measure.bench_apps.django_wsgi:application",
    "drf": "apilab.measure.bench_apps.django_wsgi:application",
    "wsgi": "apilab.measure.bench_apps.wsgi_app:app",
    "django-sql": "apilab.measure.bench_apps.django_wsgi:application",
    "flask-sqlalchemy": "apilab.measure.bench_apps.flask_orm_apps:create_orm_app()",
    "flask-marshmallow": "apilab.measure.bench_apps.flask_orm_apps:create_marshmallow_app()",
}
_URLCONFS = {"django": "apilab.measure.bench_apps.django_urls", "drf": "apilab.measure.bench_apps.drf_urls",
             "django-sql": "apilab.measure.bench_apps.django_sql_urls"}

# Handles started through start_bench_server / start_bench_cluster, by name: starting
# again under the same name (re-running a notebook cell) stops the previous one first.
_running: dict[str, object] = {}


def _stop_previous(name) -> None:
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    previous = _running.pop(name, None)
    if previous is not None:
        previous.stop()


def running_bench_servers() -> dict:
    """Return the benchmark servers and clusters started by name and not stopped yet."""
    return {name: handle for name, handle in _running.items() if handle.running}


def stop_all_bench_servers() -> None:
    """Stop every benchmark server and cluster started through this module."""
    while _running:
        _, handle = _running.popitem()
        handle.stop()


atexit.register(stop_all_bench_servers)


def _forget(handle) -> None:
    for name, registered in list(_running.items()):
        if registered is handle:
            del _running[name]


class BenchServer:
    """A benchmark app served in its own process group; ``.url`` ends at the products list."""

    def __init__(self, framework: str = "flask", server: str = "gunicorn", workers: int = 1,
                 threads: int = 1, products: int = 20, cache_url: str | None = None,
                 slow_ms: float = 50, database: str | None = None,
                 ready_timeout: float = 30.0, database_url: str | None = None,
                 pooling: bool | None = None) -> None:
        if framework not in FRAMEWORKS:
            raise ValueError(f"framework must be one of {FRAMEWORKS}, got {framework!r}")
        if server not in BENCH_SERVERS:
            raise ValueError(f"server must be one of {BENCH_SERVERS}, got {server!r}")
        if cache_url is not None and not (
                isinstance(cache_url, str) and urlsplit(cache_url).scheme == "redis"
                and urlsplit(cache_url).hostname in ("127.0.0.1", "localhost")):
            raise ValueError(f"cache_url must be a redis://127.0.0.1:PORT URL or None, got {cache_url!r}")
        if not isinstance(slow_ms, (int, float)) or isinstance(slow_ms, bool) or slow_ms < 0:
            raise ValueError(f"slow_ms must be a number >= 0, got {slow_ms!r}")
        if database_url is not None or pooling is not None:
            family = pooling_family(framework)
        if database_url is not None:
            _check_database_url(database_url)
        if pooling not in (None, True, False):
            raise ValueError(f"pooling must be True, False or None, got {pooling!r}")
        self.framework, self.server = framework, server
        self.workers, self.threads = workers, threads
        self.database_url, self.pooling = database_url, pooling
        self._folder = None
        if database is None and database_url is None:
            self._folder = tempfile.mkdtemp(prefix="apilab-bench-")
            database = os.path.join(self._folder, "products.sqlite3")
            try:
                seed_database(database, products)
            except BaseException:
                self._remove_folder()
                raise
        env = {
            "APILAB_BENCH_DB": database or "",
            "APILAB_BENCH_SLOW_MS": str(slow_ms),
            "DJANGO_SETTINGS_MODULE": "apilab.measure.bench_apps.django_settings",
            "APILAB_BENCH_URLCONF": _URLCONFS.get(framework, _URLCONFS["django"]),
            # One key for all of a server's workers (each imports the settings itself).
            "APILAB_BENCH_SECRET_KEY": secrets.token_urlsafe(40),
        }
        if cache_url:
            env["APILAB_BENCH_CACHE_URL"] = cache_url
        if database_url is not None:
            env["APILAB_BENCH_DB_URL"] = database_url
        if pooling is not None:
            env.update(POOLING_SETTINGS[family][pooling])
        try:
            self.process = ProcessServer(_TARGETS[framework], server=server, workers=workers,
                                         threads=threads, env=env, ready_timeout=ready_timeout)
        except BaseException:
            self._remove_folder()
            raise
        self.port, self.pid = self.process.port, self.process.pid
        self.base_url = self.process.url
        self.url = self.base_url + PATH

    @property
    def running(self) -> bool:
        return self.process.running

    def labels(self) -> dict:
        """Return the framework, server and workers, as the load harness labels its rows."""
        return {"framework": self.framework, "server": self.server, "workers": self.workers,
                "instances": 1}

    def log(self) -> str:
        """Return what the server has printed so far."""
        return self.process.log()

    def connection_counts(self) -> dict:
        """An ORM app's counters, from the worker that answers: {"pid", "connects", "requests"}."""
        import requests as http

        pooling_family(self.framework)
        response = http.get(self.base_url + "/api/db/connects/", timeout=5)
        response.raise_for_status()
        return response.json()

    def _remove_folder(self) -> None:
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def stop(self) -> None:
        """Stop the server and all its processes, and delete its database (safe to call twice)."""
        try:
            self.process.stop()
        finally:
            self._remove_folder()
            _forget(self)

    def __enter__(self) -> BenchServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "serving" if self.running else "stopped"
        return f"<BenchServer {self.framework} on {self.server} x{self.workers} {state} at {self.url}>"


def start_bench_server(framework: str = "flask", server: str = "gunicorn", workers: int = 1,
                       threads: int = 1, name: str | None = None, **options) -> BenchServer:
    """Serve the ``framework`` benchmark app under ``server`` in its own process; return the handle.

    Options: ``products`` (how many to seed, 20), ``cache_url`` (a Redis URL
    for /api/slow/), ``slow_ms`` (the slow endpoint's sleep, 50), ``database``
    (an existing seeded sqlite file to share), ``database_url`` (a PostgreSQL
    database for the ORM rungs), ``pooling`` (True, False or None, see the
    module's docstring), ``ready_timeout``. Starting
    again under the same ``name`` (by default made of the arguments, so
    re-running a cell) stops the previous server first.
    """
    if name is None:
        cache = "+cache" if options.get("cache_url") else ""
        database = "+postgresql" if options.get("database_url") else ""
        pooling = "" if options.get("pooling") is None else f"+pooling={options['pooling']}"
        name = f"{framework}/{server}/{workers}x{threads}{cache}{database}{pooling}"
    _stop_previous(name)
    handle = _running[name] = BenchServer(framework, server=server, workers=workers,
                                          threads=threads, **options)
    return handle


class BenchCluster:
    """``instances`` copies of a benchmark app behind an Nginx load balancer; ``.url`` goes through Nginx."""

    def __init__(self, framework: str = "flask", instances: int = 2, server: str = "gunicorn",
                 workers: int = 1, threads: int = 1, products: int = 20,
                 nginx_workers: int = 1, **options) -> None:
        if not (isinstance(instances, int) and not isinstance(instances, bool) and 1 <= instances <= 16):
            raise ValueError(f"instances must be a whole number from 1 to 16, got {instances!r}")
        if "database" in options:
            raise TypeError("start_bench_cluster() seeds its own shared database; do not pass database=")
        self.framework, self.server, self.workers = framework, server, workers
        self.instances: list[BenchServer] = []
        self.balancer = None
        self._folder = tempfile.mkdtemp(prefix="apilab-cluster-")
        database = os.path.join(self._folder, "products.sqlite3")
        try:
            seed_database(database, products)
            for _ in range(instances):
                self.instances.append(BenchServer(framework, server=server, workers=workers,
                                                  threads=threads, database=database, **options))
            self.balancer = LoadBalancer(self.instances, worker_processes=nginx_workers)
        except BaseException:
            self.stop()
            raise
        self.base_url = self.balancer.url
        self.url = self.base_url + PATH

    def labels(self) -> dict:
        """Return the labels of a load-harness row: workers per instance, and how many instances."""
        return {"framework": self.framework, "server": f"nginx+{self.server}",
                "workers": self.workers, "instances": len(self.instances)}

    @property
    def running(self) -> bool:
        return bool(self.balancer and self.balancer.running and all(i.running for i in self.instances))

    def stop(self) -> None:
        """Stop Nginx and every instance, and delete the shared database (safe to call twice)."""
        try:
            if self.balancer is not None:
                self.balancer.stop()
        finally:
            for instance in self.instances:
                instance.stop()
            shutil.rmtree(self._folder, ignore_errors=True)
            _forget(self)

    def __enter__(self) -> BenchCluster:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "serving" if self.running else "stopped"
        return (f"<BenchCluster {len(self.instances)} x {self.framework} on {self.server} "
                f"behind nginx, {state} at {self.url}>")


def start_bench_cluster(framework: str = "flask", instances: int = 2, server: str = "gunicorn",
                        workers: int = 1, name: str | None = None, **options) -> BenchCluster:
    """Serve ``instances`` copies of the ``framework`` app behind Nginx (round-robin); return the handle.

    Options as for start_bench_server (threads, products, slow_ms, cache_url),
    plus ``nginx_workers``. Raises ProgramMissing when nginx is not installed.
    Starting again under the same ``name`` stops the previous cluster first.
    """
    if name is None:
        name = f"cluster/{framework}/{server}/{instances}x{workers}"
    _stop_previous(name)
    handle = _running[name] = BenchCluster(framework, instances=instances, server=server,
                                           workers=workers, **options)
    return handle
