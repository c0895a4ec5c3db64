"""Side-by-side measurements in one call: frameworks, workers, instances behind Nginx, a cache, clients.

::

    results = compare_frameworks(["flask", "django", "drf"], server="gunicorn", workers=2,
                                 concurrency_levels=[1, 4, 16], repeat=3)
    plots.plot_throughput(results)

Every function serves what it compares at the same time and measures in
turn, level by level and round by round, so a change in machine load hits
all of them alike and their ratios can be trusted even when the absolute
numbers swing. Each returns the load harness's rows (see ``apilab.measure.load``).
The servers are its own: they never replace servers a notebook started.
"""

from __future__ import annotations

import resource
from contextlib import ExitStack

import pandas as pd

from apilab.measure import load
from apilab.measure.bench_servers import FRAMEWORKS, BenchCluster, BenchServer
from apilab.serving.redis_server import RedisServer

REQUESTS = 10**6  # with these defaults the time limit ends the runs
# server="development": each framework's own development server.
DEVELOPMENT_SERVERS = {"flask": "werkzeug", "wsgi": "werkzeug", "django": "django-dev", "drf": "django-dev",
                       "django-sql": "django-dev", "flask-sqlalchemy": "werkzeug",
                       "flask-marshmallow": "werkzeug"}


def _frameworks(frameworks) -> list[str]:
    if isinstance(frameworks, str):
        frameworks = [frameworks]
    frameworks = list(frameworks)
    if not frameworks or any(framework not in FRAMEWORKS for framework in frameworks):
        raise ValueError(f"frameworks must be a list drawn from {FRAMEWORKS}, got {frameworks!r}")
    return frameworks


def _whole_numbers(values, name: str, high: int) -> list[int]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of whole numbers, got {values!r}")
    values = list(values)
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= high for v in values):
        raise ValueError(f"{name} must be whole numbers from 1 to {high}, got {values!r}")
    return values


def _interleave(servers: dict, levels, repeat, requests, duration, client, progress, path=None):
    rows = []
    with load.progress_bar(repeat * len(levels) * len(servers), "load", progress) as bar:
        order = list(servers.values())
        for run in range(repeat):
            # Each round starts with another server, so that none is always measured first (or last).
            shift = run % len(order)
            for level in levels:
                for server in order[shift:] + order[:shift]:
                    rows.append(load.measure(server, concurrency=level, requests=requests,
                                             duration=duration, client=client, run=run, path=path))
                    bar.update(1)
    return pd.concat(rows, ignore_index=True)


def compare_frameworks(frameworks=("flask", "django"), server: str = "gunicorn", workers: int = 2,
                       threads: int = 1, concurrency_levels=(1, 4, 16), repeat: int = 3,
                       requests: int = REQUESTS, duration: float = 1.0, client: str = "auto",
                       progress: bool | None = None) -> pd.DataFrame:
    """Serve each framework's benchmark app under ``server`` at once; measure them side by side.

    ``server="development"`` serves each with its own development server
    (Werkzeug for Flask, runserver's for Django), one worker each.
    """
    frameworks = _frameworks(frameworks)
    levels = _whole_numbers(concurrency_levels, "concurrency_levels", load.MAX_CONCURRENCY)
    load._check_bounds(levels[0], requests, duration, 1.0, 1)
    with ExitStack() as stack:
        servers = {framework: stack.enter_context(
            BenchServer(framework, server=DEVELOPMENT_SERVERS[framework], workers=1, threads=1)
            if server == "development" else
            BenchServer(framework, server=server, workers=workers, threads=threads))
            for framework in frameworks}
        for running in servers.values():
            load.warm_up(running, client=client)
        return _interleave(servers, levels, repeat, requests, duration, client, progress)


def compare_workers(framework: str = "flask", workers=(1, 2, 4), threads: int = 1,
                    concurrency: int = 16, repeat: int = 2, requests: int = REQUESTS,
                    duration: float = 1.0, client: str = "auto", progress: bool | None = None,
                    path: str | None = None, slow_ms: float = 50) -> pd.DataFrame:
    """Serve ``framework`` under gunicorn with each number of ``workers`` at once; measure in turn.

    ``path="/api/slow/"`` measures the waiting endpoint (``slow_ms`` of sleep) instead of the list.
    """
    (framework,) = _frameworks([framework])
    counts = _whole_numbers(workers, "workers", 32)
    with ExitStack() as stack:
        servers = {count: stack.enter_context(BenchServer(
            framework, server="gunicorn", workers=count, threads=threads, slow_ms=slow_ms))
            for count in counts}
        for running in servers.values():
            load.warm_up(running, client=client, path=path)
        return _interleave(servers, [concurrency], repeat, requests, duration, client, progress, path)


def compare_instances(framework: str = "flask", instances=(1, 2, 3), workers: int = 1,
                      concurrency: int = 16, repeat: int = 2, requests: int = REQUESTS,
                      duration: float = 1.0, client: str = "auto", progress: bool | None = None,
                      path: str | None = None, slow_ms: float = 50) -> pd.DataFrame:
    """Serve ``framework`` as 1, 2, ... instances behind Nginx at once; measure in turn.

    ``path="/api/slow/"`` measures the waiting endpoint (``slow_ms`` of sleep) instead of the list.
    Raises apilab.serving.programs.ProgramMissing when nginx is not installed.
    """
    (framework,) = _frameworks([framework])
    counts = _whole_numbers(instances, "instances", 16)
    with ExitStack() as stack:
        clusters = {count: stack.enter_context(BenchCluster(
            framework, instances=count, workers=workers, slow_ms=slow_ms)) for count in counts}
        for running in clusters.values():
            load.warm_up(running, client=client, path=path)
        return _interleave(clusters, [concurrency], repeat, requests, duration, client, progress, path)


def compare_cache(frameworks=("flask", "django"), slow_ms: float = 20, workers: int = 2,
                  concurrency: int = 8, repeat: int = 1, requests: int = REQUESTS,
                  duration: float = 2.0, client: str = "auto", progress: bool | None = None) -> pd.DataFrame:
    """Measure ``GET /api/slow/`` (``slow_ms`` of work) without and with a Redis cache.

    Adds a ``cache`` column ("none" or "Redis"). Raises
    apilab.serving.programs.ProgramMissing when redis-server is not installed.
    """
    frameworks = _frameworks(frameworks)
    if "wsgi" in frameworks:
        raise ValueError("the bare-WSGI app has no cache; compare 'flask', 'django' or 'drf'")
    with ExitStack() as stack:
        redis_server = stack.enter_context(RedisServer())
        servers = {}
        for framework in frameworks:
            for cache_url in (None, redis_server.url):
                servers[(framework, "Redis" if cache_url else "none")] = stack.enter_context(
                    BenchServer(framework, workers=workers, slow_ms=slow_ms, cache_url=cache_url))
        for running in servers.values():  # also fills the cache: steady state is what is compared
            load.warm_up(running, path="/api/slow/", client=client)
        rows = []
        with load.progress_bar(repeat * len(servers), "load", progress) as bar:
            for run in range(repeat):
                for (_, cache), running in servers.items():
                    row = load.measure(running, path="/api/slow/", concurrency=concurrency,
                                       requests=requests, duration=duration, client=client, run=run)
                    rows.append(row.assign(cache=cache))
                    bar.update(1)
        return pd.concat(rows, ignore_index=True)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # of finished children: here, wrk
    return usage.ru_utime + usage.ru_stime


def compare_clients(target, concurrency_levels=(8, 32), repeat: int = 2, seconds: int = 2,
                    progress: bool | None = None) -> pd.DataFrame:
    """Measure ``target`` with plain wrk, the harness driving wrk, and the harness's Python client.

    The three take turns at each level, ``repeat`` times; one row per level
    with each one's mean requests per second, the harness / wrk ratios (the
    target is 0.9 or more) and the CPU time per request of plain wrk and of
    the Python client (its start-up excluded). Needs wrk (ProgramMissing
    otherwise).
    """
    from apilab.measure.wrk import run_plain_wrk

    url, labels = load.resolve_target(target)
    levels = _whole_numbers(concurrency_levels, "concurrency_levels", load.MAX_CONCURRENCY)
    if not (isinstance(seconds, int) and 1 <= seconds <= 60):
        raise ValueError(f"seconds must be a whole number from 1 to 60, got {seconds!r}")
    if not (isinstance(repeat, int) and 1 <= repeat <= 20):
        raise ValueError(f"repeat must be a whole number from 1 to 20, got {repeat!r}")
    rows = []
    with load.progress_bar(len(levels) * repeat * 3, "clients", progress) as bar:
        for level in levels:
            plain, via_wrk, via_python = [], [], []
            wrk_cpu = python_cpu = wrk_requests = python_requests = 0.0
            for _ in range(repeat):
                cpu_before = _children_cpu_s()
                plain.append(run_plain_wrk(url, level, seconds))
                wrk_cpu += _children_cpu_s() - cpu_before
                wrk_requests += plain[-1] * seconds
                bar.update(1)
                via_wrk.append(load.measure(url, concurrency=level, requests=REQUESTS * 10,
                                            duration=seconds, client="wrk")["requests_per_s"][0])
                bar.update(1)
                numbers = load.run_python_client(url, level, REQUESTS * 10, float(seconds))
                via_python.append(numbers["requests_per_s"])
                python_cpu += numbers["client_cpu_s"]
                python_requests += numbers["requests"]
                bar.update(1)
            wrk_mean = sum(plain) / len(plain)
            rows.append({
                "framework": labels.get("framework", ""), "server": labels.get("server", ""),
                "workers": labels.get("workers", 0), "concurrency": level,
                "wrk_req_s": wrk_mean,
                "harness_wrk_req_s": sum(via_wrk) / len(via_wrk),
                "harness_wrk_ratio": sum(via_wrk) / len(via_wrk) / wrk_mean if wrk_mean else float("nan"),
                "harness_python_req_s": sum(via_python) / len(via_python),
                "harness_python_ratio": sum(via_python) / len(via_python) / wrk_mean if wrk_mean else float("nan"),
                "wrk_cpu_us_per_request": 1e6 * wrk_cpu / wrk_requests if wrk_requests else float("nan"),
                "python_cpu_us_per_request": (1e6 * python_cpu / python_requests if python_requests
                                              else float("nan")),
            })
    return pd.DataFrame(rows)
