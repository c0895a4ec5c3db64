"""Measure an HTTP endpoint under load: requests per second and latency percentiles, as a DataFrame.

::

    with start_bench_server("flask", workers=2) as server:
        results = apilab.measure.load.sweep(server, concurrency_levels=[1, 4, 16], repeat=3)

Each run ends at ``requests`` completed responses or after ``duration``
seconds, whichever comes first. The load comes from ``wrk`` when it is
installed (a real load generator, written in C) and otherwise from the
harness's Python client (aiohttp with keep-alive, in its own process); the
``client`` column says which measured each row. On a small machine the Python
client competes with the server for CPU and measures well below wrk (see
``benchmarks/harness_vs_wrk.py``): prefer wrk, compare ratios, not absolutes.

Columns: framework, server, workers, instances, concurrency, requests_per_s, p50_ms,
p90_ms, p99_ms, errors (all failures: the three next columns and socket read/write
errors), non_2xx (responses with a status of 400 or more), timeouts,
connect_errors, requests (completed responses), duration_s, client, run.
``requests_per_s`` counts every completed response, as wrk does; look at
``errors`` beside it.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys

import numpy as np
import pandas as pd

from apilab.measure.wrk import check_loopback_url, run_wrk
from apilab.serving.managed_process import die_with_parent
from apilab.serving.programs import find_program

COLUMNS = ["framework", "server", "workers", "instances", "concurrency", "requests_per_s", "p50_ms",
           "p90_ms", "p99_ms", "errors", "non_2xx", "timeouts", "connect_errors", "requests",
           "duration_s", "client", "run"]
CLIENTS = ("auto", "wrk", "python")
MAX_CONCURRENCY = 1000
MIN_DURATION_S = 0.1
MAX_DURATION_S = 600


def which_client(client: str = "auto") -> str:
    """Return the client a run would use: ``"wrk"`` when installed (for "auto"), else ``"python"``."""
    if client not in CLIENTS:
        raise ValueError(f"client must be one of {CLIENTS}, got {client!r}")
    if client == "auto":
        return "wrk" if find_program("wrk") else "python"
    return client


def _is_whole(value, low: int, high: int | None = None) -> bool:
    return (isinstance(value, (int, np.integer)) and not isinstance(value, bool)
            and value >= low and (high is None or value <= high))


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and math.isfinite(value)


def resolve_target(target, path: str | None = None) -> tuple[str, dict]:
    """Return the URL to load and the labels (framework, server, workers) ``target`` carries.

    ``path`` is appended to a URL string, or to a server's root URL.
    """
    labels = {}
    if isinstance(target, str):
        url = target
    elif isinstance(getattr(target, "url", None), str):
        # A benchmark server's .url is its products list; a path goes after its root.
        url = getattr(target, "base_url", target.url) if path is not None else target.url
        if callable(getattr(target, "labels", None)):
            labels = target.labels()
        elif isinstance(getattr(target, "server", None), str):  # apilab.serving.process_servers.ProcessServer
            labels = {"server": target.server, "workers": getattr(target, "workers", 0)}
        elif isinstance(getattr(target, "name", None), str):  # apilab.serve(): named after its framework
            labels = {"framework": target.name, "server": "in-kernel", "workers": 1}
    else:
        raise TypeError(
            f"target must be a URL string or a server with a .url, got {type(target).__name__}"
        )
    if path is not None:
        if not isinstance(path, str) or not path.startswith("/"):
            raise ValueError(f"path must be a string starting with '/', got {path!r}")
        url = url.rstrip("/") + path
    return check_loopback_url(url), labels


def _check_bounds(concurrency, requests, duration, timeout, processes) -> None:
    if not _is_whole(concurrency, 1, MAX_CONCURRENCY):
        raise ValueError(f"concurrency must be a whole number from 1 to {MAX_CONCURRENCY}, got {concurrency!r}")
    if not _is_whole(requests, 1):
        raise ValueError(f"requests must be a whole number >= 1 (every run is bounded), got {requests!r}")
    if not _is_number(duration) or not MIN_DURATION_S <= duration <= MAX_DURATION_S:
        raise ValueError(f"duration must be seconds from {MIN_DURATION_S} to {MAX_DURATION_S} "
                         f"(every run is bounded), got {duration!r}")
    if not _is_number(timeout) or timeout <= 0:
        raise ValueError(f"timeout must be seconds > 0, got {timeout!r}")
    if not _is_whole(processes, 1, 64):
        raise ValueError(f"processes must be a whole number from 1 to 64, got {processes!r}")


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def run_python_client(url: str, concurrency: int, requests: int, duration: float,
                      timeout: float = 2.0, processes: int = 1) -> dict:
    """Load ``url`` from ``processes`` aiohttp client processes; return the harness's numbers."""
    processes = min(processes, concurrency, requests)
    children = []
    try:
        for share, count in zip(_split(concurrency, processes), _split(requests, processes)):
            children.append(subprocess.Popen(
                [sys.executable, "-m", "apilab.measure.load_client", url, str(share), str(count),
                 repr(float(duration)), repr(float(timeout))],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                start_new_session=True, preexec_fn=die_with_parent,
            ))
        reports = []
        for child in children:
            # Start-up (importing aiohttp) comes on top of the run's own bound.
            out, err = child.communicate(timeout=duration + timeout + 30)
            if child.returncode != 0:
                raise RuntimeError(f"the Python load client failed: {err.decode(errors='replace')[-400:]}")
            reports.append(json.loads(out))
    finally:
        for child in children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
    latencies = np.concatenate([np.asarray(r["latencies_ms"], dtype=float) for r in reports])
    seconds = max(r["ended"] for r in reports) - min(r["started"] for r in reports)
    percentiles = (np.percentile(latencies, [50, 90, 99]) if latencies.size
                   else [math.nan] * 3)
    return {
        "requests": int(latencies.size),
        "duration_s": seconds,
        "requests_per_s": latencies.size / seconds if seconds > 0 else 0.0,
        "p50_ms": float(percentiles[0]),
        "p90_ms": float(percentiles[1]),
        "p99_ms": float(percentiles[2]),
        "errors": sum(r["errors"] for r in reports),
        "timeouts": sum(r["timeouts"] for r in reports),
        "non_2xx": sum(r["non_2xx"] for r in reports),
        "connect_errors": sum(r["connect_errors"] for r in reports),
        "client_cpu_s": sum(r["cpu_s"] for r in reports),
    }


def measure(target, concurrency: int = 8, requests: int = 5000, duration: float = 3.0,
            timeout: float = 2.0, client: str = "auto", framework: str | None = None,
            server: str | None = None, workers: int | None = None, instances: int | None = None,
            path: str | None = None, processes: int = 1, run: int = 0) -> pd.DataFrame:
    """Load ``target`` (a URL or a server handle) with ``concurrency`` connections; return one row.

    The run stops at ``requests`` completed responses or after ``duration``
    seconds. ``client`` is "auto" (wrk if installed, else Python), "wrk" or
    "python"; ``processes`` is the number of client processes (Python) or
    threads (wrk). ``framework``, ``server``, ``workers`` and ``instances`` label the row
    (taken from a benchmark server handle when not given). ``timeout`` is the
    per-request timeout (wrk rounds it up to whole seconds).
    """
    url, labels = resolve_target(target, path)
    _check_bounds(concurrency, requests, duration, timeout, processes)
    chosen = which_client(client)
    if chosen == "wrk":
        numbers = run_wrk(url, connections=int(concurrency), duration=float(duration),
                          requests=int(requests), timeout=float(timeout), threads=int(processes))
    else:
        numbers = run_python_client(url, int(concurrency), int(requests), float(duration),
                                    float(timeout), processes)
    row = {
        "framework": framework if framework is not None else labels.get("framework", ""),
        "server": server if server is not None else labels.get("server", ""),
        "workers": workers if workers is not None else labels.get("workers", 0),
        "instances": instances if instances is not None else labels.get("instances", 1),
        "concurrency": int(concurrency),
        **{key: numbers[key] for key in COLUMNS if key in numbers},
        "client": chosen,
        "run": run,
    }
    return pd.DataFrame([row], columns=COLUMNS)


def warm_up(target, path: str | None = None, client: str = "auto", timeout: float = 30.0) -> None:
    """Get every worker past its first, slow requests (lazy imports); the numbers are thrown away.

    Waits for the answers to a few concurrent requests (each worker imports its
    code on its first one), then sends a short burst through the load client.
    """
    from concurrent.futures import ThreadPoolExecutor

    import requests as http

    url, _ = resolve_target(target, path)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: http.get(url, timeout=timeout), range(8)))
    measure(url, concurrency=4, requests=100, duration=1.0, client=client)


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def progress_bar(total: int, description: str, progress: bool | None):
    """Return a tqdm bar: a widget in a notebook, stdout in a terminal, or a silent one.

    ``progress=None`` shows it only in a notebook. Never on stderr (nbgrader
    fails a cell that writes there).
    """
    if progress is None:
        progress = _in_notebook()
    if progress and _in_notebook():
        try:
            import ipywidgets  # noqa: F401  (without it tqdm.notebook warns on stderr)
        except ImportError:
            progress = False
        else:
            from tqdm.notebook import tqdm
            return tqdm(total=total, desc=description)
    from tqdm import tqdm
    return tqdm(total=total, desc=description, file=sys.stdout, disable=not progress)


def sweep(target, concurrency_levels=(1, 2, 4, 8, 16, 32), repeat: int = 1,
          requests: int = 5000, duration: float = 3.0, timeout: float = 2.0,
          client: str = "auto", progress: bool | None = None, **labels) -> pd.DataFrame:
    """Measure ``target`` at each concurrency level, ``repeat`` times; return all rows.

    Rows of repeated runs differ in ``run`` (0, 1, ...); the levels are
    interleaved (1, 4, 16, 1, 4, 16, ...) so a drift in machine load spreads
    over all of them. Other keyword arguments go to ``measure`` (framework,
    server, workers, instances, path, processes). ``progress=None`` shows a bar only in a
    notebook.
    """
    if isinstance(concurrency_levels, (str, bytes)) or not hasattr(concurrency_levels, "__iter__"):
        raise TypeError(f"concurrency_levels must be a list of whole numbers, got {concurrency_levels!r}")
    levels = list(concurrency_levels)
    if not levels:
        raise ValueError("concurrency_levels must not be empty")
    for level in levels:
        if not _is_whole(level, 1, MAX_CONCURRENCY):
            raise ValueError(f"concurrency levels must be whole numbers from 1 to {MAX_CONCURRENCY}, got {level!r}")
    if not _is_whole(repeat, 1, 100):
        raise ValueError(f"repeat must be a whole number from 1 to 100, got {repeat!r}")
    unknown = set(labels) - {"framework", "server", "workers", "instances", "path", "processes"}
    if unknown:
        raise TypeError(f"sweep() got unexpected keyword arguments {sorted(unknown)}")
    resolve_target(target, labels.get("path"))
    _check_bounds(levels[0], requests, duration, timeout, labels.get("processes", 1))
    rows = []
    with progress_bar(len(levels) * repeat, "load", progress) as bar:
        for run in range(repeat):
            for level in levels:
                rows.append(measure(target, concurrency=level, requests=requests, duration=duration,
                                    timeout=timeout, client=client, run=run, **labels))
                bar.update(1)
    return pd.concat(rows, ignore_index=True)
