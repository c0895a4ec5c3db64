"""Write the scaling lab's benchmark report: benchmarks/results/report.md and report.png.

Run: .venv/bin/python benchmarks/report.py        (about 5 minutes on 2 cores; needs wrk,
                                                  nginx and redis-server for every section)

What it measures, with the apps of apilab.measure.bench_apps out of this process:

1. Flask, plain Django, DRF and bare WSGI under each server (gunicorn sync,
   gunicorn gthread, waitress, the development servers) across concurrency.
   The four apps of one server run at once and are measured in turn, level
   by level, repeat by repeat (apilab.measure.comparisons), so the ratios (Flask /
   Django, DRF / Django, each / bare WSGI) compare measurements taken side by
   side. The development servers are each framework's own (Werkzeug for
   Flask and WSGI, runserver's for Django and DRF).
2. The harness against wrk on the same server (see harness_vs_wrk.py).
3. Throughput against gunicorn workers, and against instances behind Nginx.
4. A slow endpoint with and without a Redis cache.

Absolute numbers swing 2-3x with machine load; the ratios are what to read.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from apilab.measure import plots  # noqa: E402
from apilab.measure.comparisons import (  # noqa: E402
    compare_cache, compare_frameworks, compare_instances, compare_workers)
from apilab.serving.programs import find_program, missing_message  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from harness_vs_wrk import compare as harness_vs_wrk  # noqa: E402

RESULTS = Path(__file__).parent / "results"
COMMAND = ".venv/bin/python benchmarks/report.py"
FRAMEWORKS = ("flask", "django", "drf", "wsgi")
LEVELS = (1, 8, 32)
REPEAT = 3
SECONDS = 1.0
# label -> how the apps are served: (server, workers, threads)
SERVERS = {
    "gunicorn sync, 2 workers": ("gunicorn", 2, 1),
    "gunicorn gthread, 2 workers x 4 threads": ("gunicorn", 2, 4),
    "waitress, 4 threads": ("waitress", 1, 4),
    "development server": ("development", 1, 1),
}


def side_by_side(label: str, how) -> pd.DataFrame:
    """Serve the four apps under one server at once and measure them in turn."""
    server, workers, threads = how
    results = compare_frameworks(FRAMEWORKS, server=server, workers=workers, threads=threads,
                                 concurrency_levels=LEVELS, repeat=REPEAT, duration=SECONDS)
    return results.assign(server_label=label)


def ratios(results: pd.DataFrame) -> pd.DataFrame:
    """Flask / Django, DRF / Django and each framework / bare WSGI, per server and level."""
    means = results.groupby(["server_label", "concurrency", "framework"])["requests_per_s"].mean().unstack()
    return pd.DataFrame({
        "Flask / Django": means["flask"] / means["django"],
        "DRF / Django": means["drf"] / means["django"],
        "Flask / WSGI": means["flask"] / means["wsgi"],
        "Django / WSGI": means["django"] / means["wsgi"],
        "DRF / WSGI": means["drf"] / means["wsgi"],
    }).reset_index()


def markdown(table: pd.DataFrame, digits: int = 2) -> str:
    """Render a DataFrame as a Markdown table."""
    def cell(value):
        if isinstance(value, float):
            return f"{value:,.{digits}f}"
        return str(value)
    lines = ["| " + " | ".join(map(str, table.columns)) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines)


def summary_table(results: pd.DataFrame) -> pd.DataFrame:
    grouped = results.groupby(["server_label", "framework", "concurrency"], sort=False)
    table = grouped.agg(req_s=("requests_per_s", "mean"), req_s_sd=("requests_per_s", "std"),
                        p50_ms=("p50_ms", "mean"), p99_ms=("p99_ms", "mean"),
                        errors=("errors", "sum")).reset_index()
    return table.rename(columns={"server_label": "server", "req_s": "req/s (mean)",
                                 "req_s_sd": "req/s (sd)"})


def machine() -> str:
    wrk = find_program("wrk")
    wrk_version = subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout.split(" [")[0] if wrk else "not installed"
    versions = ", ".join(f"{name} {version(name)}" for name in
                         ("flask", "django", "djangorestframework", "gunicorn", "waitress"))
    return (f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, Python "
            f"{platform.python_version()}; {wrk_version.strip()}; {versions}")


def main() -> int:
    for program in ("wrk", "nginx", "redis-server"):
        message = missing_message(program)
        if message:
            print(f"report.py needs {program}: {message}")
            return 1
    RESULTS.mkdir(exist_ok=True)
    started = time.monotonic()
    load_before = os.getloadavg()
    print("1/5 frameworks under each server, side by side")
    results = pd.concat([side_by_side(label, how) for label, how in SERVERS.items()], ignore_index=True)
    print("2/5 harness against wrk")
    harness = harness_vs_wrk(frameworks=("flask", "wsgi"), levels=(8, 32), repeat=2, seconds=2)
    print("3/5 gunicorn workers")
    workers = pd.concat([compare_workers(framework, workers=(1, 2, 4), concurrency=16, repeat=2,
                                         duration=SECONDS) for framework in ("flask", "django")])
    print("4/5 instances behind nginx")
    instances = compare_instances("flask", instances=(1, 2, 3), concurrency=16, repeat=2,
                                  duration=SECONDS)
    print("5/5 cache")
    cache = compare_cache(("flask", "django"), slow_ms=20, workers=2, concurrency=8,
                          duration=2 * SECONDS)
    load_after = os.getloadavg()
    minutes = (time.monotonic() - started) / 60

    frame_ratios = ratios(results)
    by_server = frame_ratios.groupby("server_label", sort=False)[["Flask / Django", "DRF / Django", "Flask / WSGI", "Django / WSGI"]].median().reset_index().rename(columns={"server_label": "server"})
    results.to_csv(RESULTS / "frameworks.csv", index=False)

    fig, axes = plt.subplots(2, 3, figsize=(18, 9))
    for ax, label in zip(axes.flat, SERVERS):
        plots.plot_throughput(results[results.server_label == label], title=label, ax=ax)
    plots.plot_scaling(workers, by="workers", title="gunicorn sync workers (concurrency 16)", ax=axes.flat[4])
    plots.plot_scaling(instances, by="instances", title="Flask instances behind Nginx (concurrency 16)", ax=axes.flat[5])
    fig.suptitle(f"Requests per second, measured by wrk (mean ± sd of {REPEAT} interleaved runs)")
    fig.tight_layout()
    fig.savefig(RESULTS / "report.png", dpi=90)
    plt.close(fig)

    workers_table = workers.groupby(["framework", "workers"])["requests_per_s"].mean().unstack("framework").reset_index()
    instances_table = instances.groupby("instances")["requests_per_s"].mean().reset_index()
    cache_table = cache.pivot_table(index="framework", columns="cache", values="requests_per_s")
    cache_table["Redis / none"] = cache_table["Redis"] / cache_table["none"]
    cache_p50 = cache.pivot_table(index="framework", columns="cache", values="p50_ms")
    cache_table["p50 ms (none)"], cache_table["p50 ms (Redis)"] = cache_p50["none"], cache_p50["Redis"]
    python_cpu = harness["python_cpu_us_per_request"].median()
    wrk_cpu = harness["wrk_cpu_us_per_request"].median()
    harness_table = harness.rename(columns={
        "wrk_req_s": "wrk req/s", "harness_wrk_req_s": "harness (wrk) req/s",
        "harness_wrk_ratio": "harness (wrk) / wrk", "harness_python_req_s": "harness (Python) req/s",
        "harness_python_ratio": "harness (Python) / wrk",
        "wrk_cpu_us_per_request": "wrk CPU µs/req", "python_cpu_us_per_request": "Python CPU µs/req"})

    cpus = os.cpu_count() or 1
    busy = max(load_before[0], load_after[0]) > cpus
    busy_note = (
        f"\n**This machine was busy** (load average above its {cpus} CPUs): other processes took CPU "
        "time, so more workers or instances could not get more of it. Read the scaling sections as "
        "what a shared machine gives, and rerun on an idle one to see the gains.\n" if busy else "")
    text = f"""# Scaling lab benchmark report

Produced by: `{COMMAND}`  ({datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {minutes:.1f} minutes)

Machine: {machine()}.
Load average (1 min) {load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end: absolute numbers
swing 2-3x with machine load, so **read the ratios**; each ratio compares measurements taken side by side
(the servers run at once and are measured in turn, level by level, {REPEAT} rounds of {SECONDS:g} s each).
Load generator: wrk, through `apilab.measure.load` (client="wrk"), except where the Python client is named.
Every app serves `GET /api/products/` (20 products from one sqlite file); "WSGI" is the same query and JSON
with no framework: the ceiling.
{busy_note}
## Ratios of throughput (median over concurrency levels {", ".join(map(str, LEVELS))})

{markdown(by_server)}

On the development servers, Django's `runserver` (built on `wsgiref`) answers each kept-alive request
about 44 ms late (Nagle's algorithm waiting for the client's delayed ACK, see p50 below) and Werkzeug's
closes every connection: their ratios measure those servers more than the frameworks.

Per concurrency level:

{markdown(frame_ratios.rename(columns={"server_label": "server"}))}

## The harness against wrk (same gunicorn server, interleaved)

{markdown(harness_table)}

Median harness (client="wrk") / wrk: **{harness["harness_wrk_ratio"].median():.2f}**;
median harness (client="python") / wrk: **{harness["harness_python_ratio"].median():.2f}** (target 0.9).
The harness driving wrk runs the same wrk binary (with a Lua script that counts responses), so its ratio
shows how far two runs of one tool differ on this machine: that much of any ratio here is noise.
The Python client (aiohttp, in its own process) spends {python_cpu:.0f} µs of CPU time per request against
wrk's {wrk_cpu:.0f} µs (medians of the rows above) and competes with the server for the {os.cpu_count()} CPUs:
it does not reach the target, which is why `client="auto"` drives wrk whenever it is installed.

## Throughput by server, framework and concurrency

![throughput](report.png)

{markdown(summary_table(results))}

## Throughput against gunicorn workers (concurrency 16)

{markdown(workers_table)}

## Throughput against instances behind Nginx (Flask, 1 worker each, concurrency 16)

{markdown(instances_table)}

## A slow endpoint (20 ms of work) with and without a Redis cache (2 workers, concurrency 8)

{markdown(cache_table.reset_index())}

Raw rows of section one: `frameworks.csv`.
"""
    (RESULTS / "report.md").write_text(text)
    print(f"wrote {RESULTS / 'report.md'} and report.png in {minutes:.1f} minutes")
    print(markdown(by_server))
    return 0


if __name__ == "__main__":
    sys.exit(main())
