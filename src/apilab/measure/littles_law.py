"""Little's law beside measured throughput: is a server scaling as the waiting it does predicts?

Little's law says that, in a steady state, the requests in service at once
(N) equal throughput (X) times the time each spends in service (R): X = N / R.
A gunicorn sync worker serves one request at a time, so N workers (or N
one-worker instances behind a load balancer) facing at least N concurrent
clients keep N requests in service, and an endpoint whose time is a fixed
wait of R seconds should give N / R requests per second, until the CPU, and
not the wait, becomes the limit.

``littles_law_table`` sets the mean of the runs beside the prediction;
``littles_law_spread`` shows each count's median, lowest and highest run, the
times in service and in the system the law reads back from the measured
throughput, and the latency percentiles the runs hold enough requests for.
"""

from __future__ import annotations

import pandas as pd


def predicted_throughput(in_service: int, latency_ms: float) -> float:
    """Little's law: requests per second with ``in_service`` requests each taking ``latency_ms``."""
    if not (isinstance(latency_ms, (int, float)) and latency_ms > 0):
        raise ValueError(f"latency_ms must be a number > 0, got {latency_ms!r}")
    if not (isinstance(in_service, int) and in_service >= 1):
        raise ValueError(f"in_service must be a whole number >= 1, got {in_service!r}")
    return in_service * 1000.0 / latency_ms


def littles_law_table(results: pd.DataFrame, by: str, latency_ms: float, concurrency: int) -> pd.DataFrame:
    """Measured mean req/s per count of ``by`` ("workers" or "instances") beside Little's law's prediction.

    ``results`` are load-harness rows (compare_workers / compare_instances on
    the waiting endpoint); each count serves min(count, concurrency) requests
    at once.
    """
    if by not in ("workers", "instances"):
        raise ValueError(f"by must be 'workers' or 'instances', got {by!r}")
    missing = {by, "requests_per_s", "p50_ms"} - set(results.columns)
    if missing:
        raise ValueError(f"results lack the columns {sorted(missing)}")
    rows = []
    for count, group in results.groupby(by):
        count = int(count)
        predicted = predicted_throughput(min(count, concurrency), latency_ms)
        measured = group["requests_per_s"].mean()
        rows.append({"scaled by": by, "count": count, "requests in service": min(count, concurrency),
                     "predicted req/s": predicted, "measured req/s": measured,
                     "measured / predicted": measured / predicted, "p50 ms": group["p50_ms"].mean(),
                     "within 25 %": bool(abs(measured / predicted - 1) <= 0.25)})
    return pd.DataFrame(rows)


def littles_law_spread(results: pd.DataFrame, by: str, latency_ms: float, concurrency: int) -> pd.DataFrame:
    """Little's law beside repeated runs: each count's median, lowest and highest run, read both ways.

    Forwards, the wait alone predicts the throughput (``predicted req/s``).
    Backwards, the measured throughput (median) gives each request's time in
    service (requests in service ÷ throughput: the wait plus the CPU work
    around it) and the ``concurrency`` clients' time in the system (clients ÷
    throughput, queue included), which the latency percentiles should match.
    A percentile appears only when every run holds enough requests for it
    (``apilab.measure.spread.MIN_REQUESTS``).
    """
    from apilab.measure.spread import median_lowest_highest, runs_and_fewest, supported_percentiles

    if by not in ("workers", "instances"):
        raise ValueError(f"by must be 'workers' or 'instances', got {by!r}")
    missing = {by, "requests_per_s", "requests"} - set(results.columns)
    if missing:
        raise ValueError(f"results lack the columns {sorted(missing)}")
    shown = [column for column in supported_percentiles(int(results["requests"].min()))
             if column in results.columns]
    rows = []
    for count, group in results.groupby(by):
        count = int(count)
        in_service = min(count, concurrency)
        predicted = predicted_throughput(in_service, latency_ms)
        rates = group["requests_per_s"]
        ratios = rates / predicted
        row = {by: count, "requests in service": in_service, "predicted req/s": predicted,
               "measured req/s median": rates.median(), "lowest": rates.min(), "highest": rates.max(),
               "measured / predicted median": ratios.median(),
               "every run within 25 %": bool((abs(ratios - 1) <= 0.25).all()),
               "time in service ms": in_service * 1000.0 / rates.median(),
               "time in system ms": concurrency * 1000.0 / rates.median()}
        for column in shown:
            name = column.removesuffix("_ms")
            values = median_lowest_highest(group[column], name)
            row.update({f"{name} ms median": values.pop(f"{name} median"), **values})
        row.update(runs_and_fewest(group))
        rows.append(row)
    return pd.DataFrame(rows).set_index(by)
