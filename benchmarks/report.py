"""Write the scaling lab's benchmark report: benchmarks/results/report.md and report.png.

Run: .venv/bin/python benchmarks/report.py        (about 5 minutes on 2 cores; needs wrk,
                                                  nginx and redis-server for every section)

What it measures, with the apps of apilab.measure.bench_apps out of this process:

0. The ladder (apilab.measure.bench_ladder): bare WSGI; Flask and Django each with
   raw SQL; Flask + SQLAlchemy and Django's ORM; Flask + marshmallow and DRF,
   all under one gunicorn, side by side. Each layer's cost is the difference
   between two rungs; every ratio names the two rungs it divides.
1. Like-for-like pairs under each server (gunicorn sync, gunicorn gthread, waitress,
   the development servers) across concurrency: Flask and Django each with raw SQL,
   Flask + SQLAlchemy + marshmallow and DRF, and bare WSGI. The five apps of one
   server run at once and are measured in turn, level by level, round by round
   (apilab.measure.comparisons), so each ratio compares measurements taken side by
   side; it is reported with its lowest and highest round. The development servers
   are each framework's own (Werkzeug for Flask and WSGI, runserver's for Django).
2. The harness against wrk on the same server (see harness_vs_wrk.py).
3. Throughput against gunicorn workers, and against instances behind Nginx,
   for a waiting (I/O-bound) endpoint, set beside Little's law's prediction,
   and for the CPU-bound list, which stops where the cores do.
4. A slow endpoint with and without a Redis cache.

Absolute numbers swing 2-3x with machine load; the ratios are what to read, with their
spread. It waits (up to 10 minutes) for the machine to be quiet, a load average under 2.5,
before it starts, and states the load average at the start and the end.
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
from apilab.measure.bench_ladder import (  # noqa: E402
    RUNGS,
    compare_ladder,
    ladder_costs,
    ladder_ratios,
    read_ratio,
    rung_table,
)
from apilab.measure.comparisons import compare_cache, compare_frameworks, compare_instances, compare_workers  # noqa: E402
from apilab.measure.littles_law import littles_law_table  # noqa: E402
from apilab.serving.programs import find_program, missing_message  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from harness_vs_wrk import compare as harness_vs_wrk  # noqa: E402

RESULTS = Path(__file__).parent / "results"
COMMAND = ".venv/bin/python benchmarks/report.py"
FRAMEWORKS = ("flask", "django-sql", "flask-marshmallow", "drf", "wsgi")
LEVELS = (1, 8, 32)
REPEAT = 3
SECONDS = 1.0
# label -> how the apps are served: (server, workers, threads)
LADDER_ROUNDS = 9    # the ladder's rounds: its medians and spreads need more than the servers section's 3
QUIET_LOAD = 2.5     # start only below this load average (1 min) ...
QUIET_WAIT_S = 600   # ... waiting at most this long for it
WAIT_MS = 100        # the waiting endpoint's fixed latency (GET /api/slow/, no cache)
WORKER_COUNTS = (1, 2, 4, 8)
INSTANCE_COUNTS = (1, 2, 4)
SCALING_CONCURRENCY = 16
SCALING_SECONDS = 3.0
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


# Section 1's ratios, each named by the two rungs it divides (see apilab.measure.bench_ladder.RUNGS):
# the two like-for-like framework pairs first, then each framework against no framework.
SERVER_RATIOS = {f"{RUNGS[upper]} / {RUNGS[lower]}": (upper, lower) for upper, lower in (
    ("flask", "django-sql"), ("flask-marshmallow", "drf"), ("flask", "wsgi"), ("django-sql", "wsgi"))}


def per_round_ratios(results: pd.DataFrame) -> pd.DataFrame:
    """Section 1's named ratios, one row per server, level and round (the apps of a round ran side by side)."""
    rounds = results.assign(run=results["run"] if "run" in results else 0)
    rate = rounds.pivot_table(index=["server_label", "concurrency", "run"], columns="framework",
                              values="requests_per_s", aggfunc="mean")
    return pd.DataFrame({name: rate[upper] / rate[lower]
                         for name, (upper, lower) in SERVER_RATIOS.items()}).reset_index()


def spread(values: pd.Series) -> str:
    """A ratio as its median and, in brackets, its lowest and highest value: "1.30 (1.05–1.52)"."""
    return f"{values.median():.2f} ({values.min():.2f}–{values.max():.2f})"


def ratio_spreads(per_round: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Median (lowest–highest) of every named ratio, over the rounds (and levels) within each group."""
    return per_round.groupby(by, sort=False)[list(SERVER_RATIOS)].agg(spread).reset_index()


def wait_until_quiet() -> tuple[float, float]:
    """Wait (bounded) for the 1-minute load average to drop under QUIET_LOAD; return (load, seconds waited)."""
    started = time.monotonic()
    while os.getloadavg()[0] >= QUIET_LOAD and time.monotonic() - started < QUIET_WAIT_S:
        time.sleep(15)
    return os.getloadavg()[0], time.monotonic() - started


def ratio_over_runs(frame: pd.DataFrame, index: str, columns: str, upper, lower) -> pd.Series:
    """Per round, the ratio of the mean req/s at ``columns == upper`` to that at ``lower``."""
    rounds = frame.assign(run=frame["run"] if "run" in frame else 0)
    rate = rounds.pivot_table(index=["run", index], columns=columns, values="requests_per_s", aggfunc="mean")
    return (rate[upper] / rate[lower]).replace([float("inf"), float("-inf")], float("nan")).dropna()


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
    wrk_version = (subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout.split(" [")[0]
                   if wrk else "not installed")
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
    print(f"waiting (at most {QUIET_WAIT_S // 60} minutes) for a load average under {QUIET_LOAD}")
    quiet_load, waited = wait_until_quiet()
    started = time.monotonic()
    load_before = os.getloadavg()
    print("0/5 the ladder, side by side")
    ladder = compare_ladder(server="gunicorn", workers=2, concurrency_levels=(8,), repeat=LADDER_ROUNDS,
                            duration=SECONDS)
    print("1/5 frameworks under each server, side by side")
    results = pd.concat([side_by_side(label, how) for label, how in SERVERS.items()], ignore_index=True)
    print("2/5 harness against wrk")
    harness = harness_vs_wrk(frameworks=("flask", "wsgi"), levels=(8, 32), repeat=2, seconds=2)
    print("3/5 gunicorn workers: waiting and CPU-bound endpoints")
    scaling = dict(concurrency=SCALING_CONCURRENCY, repeat=2, slow_ms=WAIT_MS)
    waiting_workers = compare_workers("flask", workers=WORKER_COUNTS, path="/api/slow/",
                                      duration=SCALING_SECONDS, **scaling)
    workers = pd.concat([compare_workers(framework, workers=WORKER_COUNTS, duration=SECONDS, **scaling)
                         for framework in ("flask", "django-sql")])
    print("4/5 instances behind nginx: waiting and CPU-bound endpoints")
    waiting_instances = compare_instances("flask", instances=INSTANCE_COUNTS, path="/api/slow/",
                                          duration=SCALING_SECONDS, **scaling)
    instances = compare_instances("flask", instances=INSTANCE_COUNTS, duration=SECONDS, **scaling)
    print("5/5 cache")
    cache = compare_cache(("flask", "django"), slow_ms=20, workers=2, concurrency=8, repeat=REPEAT,
                          duration=SECONDS)
    load_after = os.getloadavg()
    minutes = (time.monotonic() - started) / 60

    per_round = per_round_ratios(results)
    by_server = ratio_spreads(per_round, ["server_label"]).rename(columns={"server_label": "server"})
    by_level = ratio_spreads(per_round, ["server_label", "concurrency"]).rename(columns={"server_label": "server"})
    results.to_csv(RESULTS / "frameworks.csv", index=False)
    ladder.to_csv(RESULTS / "ladder.csv", index=False)
    rungs, costs, named = rung_table(ladder), ladder_costs(ladder), ladder_ratios(ladder)
    readings = "\n".join(f"- **{row.compares}** ({row.ratio}): {row.value:.2f}, rounds from {row.lowest:.2f} "
                          f"to {row.highest:.2f}: {row.reading}." for row in named.itertuples())
    routing = costs[costs.layer == "routing, request and response"].set_index("framework")["µs per request"]
    heaviest = costs.loc[costs["µs per request"].idxmax()]
    settled = heaviest["lowest"] > costs.drop(index=heaviest.name)["highest"].max()
    layer_note = (
        f"In inverse throughput, the frameworks' own routing, request and response cost {routing['Flask']:,.0f} µs "
        f"(Flask) and {routing['Django']:,.0f} µs (Django) on top of bare WSGI; the largest median layer was "
        f"{heaviest.framework}'s {heaviest.layer}, at {heaviest['µs per request']:,.0f} µs"
        + (", larger than every other layer in every round." if settled else
           ", though the rounds' spread overlaps other layers', so no single layer is settled as the heaviest.")
        + " What an endpoint does (its ORM queries and its serializer) weighs more than which framework routes it:"
        " measure your own endpoints before choosing a framework for speed.")
    gunicorn = per_round[per_round.server_label == "gunicorn sync, 2 workers"]
    server_readings = "\n".join(
        f"- {name}, under gunicorn sync at concurrency {', '.join(map(str, LEVELS))}: {spread(gunicorn[name])}: "
        f"{read_ratio(gunicorn[name].median(), gunicorn[name].min(), gunicorn[name].max(), *name.split(' / '))}."
        for name in list(SERVER_RATIOS)[:2])
    little = pd.concat([
        littles_law_table(waiting_workers, by="workers", latency_ms=WAIT_MS, concurrency=SCALING_CONCURRENCY),
        littles_law_table(waiting_instances, by="instances", latency_ms=WAIT_MS,
                          concurrency=SCALING_CONCURRENCY)], ignore_index=True)
    little.to_csv(RESULTS / "littles_law.csv", index=False)
    worst = little["measured / predicted"].sub(1).abs().max()

    fig, axes = plt.subplots(2, 4, figsize=(24, 9))
    for ax, label in zip(axes.flat, SERVERS):
        plots.plot_throughput(results[results.server_label == label], title=label, ax=ax)
    plots.plot_scaling(workers, by="workers", title="CPU-bound list: gunicorn sync workers (concurrency 16)",
                       ax=axes.flat[4])
    plots.plot_scaling(instances, by="instances", title="CPU-bound list: Flask instances behind Nginx", ax=axes.flat[5])
    for ax, by, frame in ((axes.flat[6], "workers", waiting_workers), (axes.flat[7], "instances", waiting_instances)):
        plots.plot_scaling(frame, by=by, title=f"Waiting endpoint ({WAIT_MS} ms) against {by}", ax=ax)
        counts = sorted(frame[by].unique())
        ax.plot(counts, [min(n, SCALING_CONCURRENCY) * 1000 / WAIT_MS for n in counts], "k--",
                label="Little's law: N / latency")
        ax.legend()
    fig.suptitle(f"Requests per second, measured by wrk (mean ± sd of {REPEAT} interleaved runs)")
    fig.tight_layout()
    fig.savefig(RESULTS / "report.png", dpi=90)
    plt.close(fig)

    workers_table = (workers.groupby(["framework", "workers"])["requests_per_s"].mean()
                     .unstack("framework").reset_index())
    instances_table = instances.groupby("instances")["requests_per_s"].mean().reset_index()
    load_now = os.getloadavg()

    def speed_up(frame: pd.DataFrame, by: str, framework: str) -> str:
        """Throughput at the most workers or instances over the fewest: median (lowest–highest) over rounds."""
        counts = sorted(frame[by].unique())
        per_round = ratio_over_runs(frame[frame.framework == framework], "framework", by, counts[-1], counts[0])
        return spread(per_round)

    cpu_speed_ups = (
        f"From {WORKER_COUNTS[0]} to {WORKER_COUNTS[-1]} workers the CPU-bound list went "
        f"×{speed_up(workers, 'workers', 'flask')} (Flask + raw SQL) and "
        f"×{speed_up(workers, 'workers', 'django-sql')} (Django + raw SQL), and from {INSTANCE_COUNTS[0]} to "
        f"{INSTANCE_COUNTS[-1]} instances "
        f"×{speed_up(instances, 'instances', 'flask')}; in the same run the waiting endpoint went "
        f"×{speed_up(waiting_workers, 'workers', 'flask')} and "
        f"×{speed_up(waiting_instances, 'instances', 'flask')}, where Little's law says "
        f"×{WORKER_COUNTS[-1] // WORKER_COUNTS[0]} and ×{INSTANCE_COUNTS[-1] // INSTANCE_COUNTS[0]}.")
    cache_table = cache.pivot_table(index="framework", columns="cache", values="requests_per_s")
    cache_table["Redis / none"] = [spread(ratio_over_runs(cache[cache.framework == framework], "framework",
                                                          "cache", "Redis", "none"))
                                   for framework in cache_table.index]
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
    busy = load_before[0] > cpus  # at the end the load includes this run's own servers and wrk
    quiet_note = (f"The run started once the load average was under {QUIET_LOAD} (it waited {waited / 60:.1f} "
                  "minutes)." if quiet_load < QUIET_LOAD else
                  f"**The machine did not get quiet**: after {QUIET_WAIT_S / 60:.0f} minutes the load average was "
                  f"still {quiet_load:.2f}, over {QUIET_LOAD}; read these figures as taken on a busy machine.")
    busy_note = (
        f"\n**This machine was busy** (load average above its {cpus} CPUs): other processes took CPU "
        "time, so for the CPU-bound endpoint more workers or instances could not get more of it; the "
        "waiting endpoint, whose time is not CPU, scales all the same (see the scaling section).\n"
        if busy else "")
    text = f"""# Scaling lab benchmark report

Produced by: `{COMMAND}`  ({datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {minutes:.1f} minutes)

Machine: {machine()}.
Load average (1 min) {load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end. {quiet_note}
Absolute numbers swing with machine load, so **read the ratios**, each with its spread: every ratio compares
measurements taken side by side (the servers run at once and are measured in turn, level by level, round by
round), and is given as its median with its lowest and highest round in brackets. A difference counts only
when every round puts one side more than 25 % ahead; anything else (rounds that disagree, or any round within
25 % of 1) is read as a tie.
Load generator: wrk, through `apilab.measure.load` (client="wrk"), except where the Python client is named.
Every app serves `GET /api/products/` (20 products from one sqlite file); "WSGI" is the same query and JSON
with no framework: the ceiling.
{busy_note}
## What the numbers say

Like for like, on the ladder (gunicorn sync, 2 workers, concurrency 8, {LADDER_ROUNDS} rounds):

{readings}

And across concurrency levels {", ".join(map(str, LEVELS))} in the servers section:

{server_readings}

{layer_note}

## The ladder: what each layer costs (gunicorn sync, 2 workers, concurrency 8, side by side)

Each rung adds one layer to the one below it; all seven ran at once and were measured in turn, one
after the other in each of {LADDER_ROUNDS} rounds of {SECONDS:g} s (each round starting with another rung).
"µs per request" is inverse throughput, 1,000,000 / (req/s), for 2 workers sharing the {os.cpu_count()} CPUs with
wrk: not the CPU time one request costs, but comparable between rungs measured side by side, so differences
between rungs show what the layer between them costs in throughput. Differences and ratios are taken within
each round (the rungs of one round ran within seconds of each other) and the median over rounds is reported,
so a round spoiled by a burst of other load does not decide them; the lowest and highest rounds show how much
this shared machine moved.

{markdown(rungs)}

Each layer's cost, the difference between two rungs, with its lowest and highest round:

{markdown(costs)}

Ratios of throughput, each naming the two rungs it divides, with the lowest and highest round's ratio:

{markdown(named)}

The last row is the comparison the course used to quote as "Flask is about 2× Django": it divides a
framework reading rows with raw SQL by one going through an ORM and a serializer, so it mixes the cost of
the ORM and of serialization with the cost of the framework. The rows above it compare like with like, the
third as each framework's usual API stack: DRF's generic view adds its own request, authentication, permission
and content-negotiation machinery to the serializer, so that row's gap is not serialization alone.

## Frameworks under each server: ratios of throughput (over concurrency levels {", ".join(map(str, LEVELS))})

Here the apps are five of the ladder's rungs: {", ".join(f"`{name}` ({RUNGS[name]})" for name in FRAMEWORKS)}.
Each cell is the median of the ratio over every level and round, with the lowest and highest in brackets
({REPEAT} rounds of {SECONDS:g} s at each level).

{markdown(by_server)}

On the development servers, Django's `runserver` (built on `wsgiref`) answers each kept-alive request
about 44 ms late (Nagle's algorithm waiting for the client's delayed ACK, see p50 below) and Werkzeug's
closes every connection: their ratios measure those servers more than the frameworks.

Per concurrency level:

{markdown(by_level)}

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

## Scaling: a waiting endpoint follows Little's law, a CPU-bound one stops at the cores

Little's law: throughput = requests in service at once / time each spends in service. A gunicorn sync
worker serves one request at a time, so with N workers (or N one-worker instances behind Nginx) and
{SCALING_CONCURRENCY} concurrent clients, N requests are in service and the law predicts
min(N, {SCALING_CONCURRENCY}) / latency.

**I/O-bound (waiting) endpoint**: Flask's `GET /api/slow/`, no cache: a fixed {WAIT_MS} ms sleep (standing
for a database or an upstream call), then the product list. Its time is waiting, not CPU, so more
workers or instances multiply its throughput even on this {os.cpu_count()}-CPU machine shared with the load
generator and with other users (load average {load_now[0]:.2f} when this section ended). Target: within 25 %
of the prediction; worst here {worst:.0%}.

{markdown(little)}

The p50 column is the whole time in the system, queue included, and obeys the same law for the whole
system: {SCALING_CONCURRENCY} clients = throughput × time in the system (for one worker, {SCALING_CONCURRENCY}
/ {1000 / WAIT_MS:g} req/s = {SCALING_CONCURRENCY * WAIT_MS / 1000:g} s).

**CPU-bound endpoint**: `GET /api/products/` (the query and JSON, no waiting). Every request needs CPU,
and the {os.cpu_count()} CPUs are shared with wrk, Nginx and other users: no number of workers or
instances can give it more than those cores, so it cannot follow Little's law's N-fold prediction, and
its numbers swing with the other users' load (which is why they are not set beside a prediction).
{cpu_speed_ups}

Against gunicorn sync workers (concurrency {SCALING_CONCURRENCY}):

{markdown(workers_table)}

Against Flask instances behind Nginx (1 worker each, concurrency {SCALING_CONCURRENCY}):

{markdown(instances_table)}

## A slow endpoint (20 ms of work) with and without a Redis cache (2 workers, concurrency 8)

"Redis / none" is the median (lowest–highest) over rounds of the throughput with the cache over that without.
Each framework uses its usual page cache, so this is not a framework comparison: `flask` is Flask + raw SQL with
Flask-Caching (one Redis read per hit), `django` is Django's ORM with `cache_page` (two Redis reads per hit and
an unpickled response). Read each row against itself.

{markdown(cache_table.reset_index())}

Raw rows: the ladder `ladder.csv`, the servers section `frameworks.csv`, Little's law `littles_law.csv`.
"""
    (RESULTS / "report.md").write_text(text)
    print(f"wrote {RESULTS / 'report.md'} and report.png in {minutes:.1f} minutes")
    print(markdown(rungs))
    print(markdown(costs))
    print(markdown(named))
    print(markdown(little))
    return 0


if __name__ == "__main__":
    sys.exit(main())
