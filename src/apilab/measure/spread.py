"""Repeated runs read with their spread: medians, lowest and highest, percentiles a run can support, ratios.

::

    rows = side_by_side.measure_side_by_side(servers, repeat=3)
    spread.summary(rows, by=["setup"])                      # req/s and latency: median, lowest, highest
    spread.ratio_spread(rows, "setup", "flask", "django")   # each round's ratio, and what it allows

A percentile rests on the requests slower than it: a run supports it only
when at least ``BEYOND`` (10) requests lie beyond it, so the p50 needs 20
requests, the p90 100 and the p99 1,000 (``MIN_REQUESTS``). Fewer, and the
"p99" is just the slowest request or two. ``summary`` shows a percentile only
when every run behind it supports it.

A ratio is taken within each round (the setups of one round ran within
seconds of each other) and shown as its median, lowest and highest round.
``verdict`` calls a difference real only when every round puts one side
more than 25 % ahead (``TIE_WITHIN``); anything else is a tie.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from apilab.measure.charts import Chart, framework_colour, new_figure
from apilab.measure.plots import check_results as _check

BEYOND = 10
PERCENTILES = {"p50_ms": 50, "p90_ms": 90, "p99_ms": 99}
MIN_REQUESTS = {column: math.ceil(BEYOND * 100 / (100 - p)) for column, p in PERCENTILES.items()}
TIE_WITHIN = 0.25
TITLE_WIDTH = 70          # characters a title line holds on a 7-inch figure


def supported_percentiles(requests) -> list[str]:
    """The latency columns (p50_ms, p90_ms, p99_ms) that a run of ``requests`` responses supports."""
    if isinstance(requests, bool) or not isinstance(requests, (int, float)) or requests < 0:
        raise ValueError(f"requests must be a number >= 0, got {requests!r}")
    return [column for column, least in MIN_REQUESTS.items() if requests >= least]


def median_lowest_highest(values: pd.Series, name: str) -> dict:
    """``{"<name> median": ..., "<name> lowest": ..., "<name> highest": ...}`` of one group's runs."""
    return {f"{name} median": values.median(), f"{name} lowest": values.min(), f"{name} highest": values.max()}


def runs_and_fewest(group: pd.DataFrame) -> dict:
    """How many runs a group holds, and the fewest requests in one of them (which decides its percentiles)."""
    return {"runs": len(group), "fewest requests in a run": int(group["requests"].min())}


def summary(results: pd.DataFrame, by, value: str = "requests_per_s", label: str = "req/s") -> pd.DataFrame:
    """Per group of ``by``: the median, lowest and highest run of ``value`` and of each supported percentile.

    Also the number of runs and the fewest requests in one of them, which
    decides the percentiles shown (see ``MIN_REQUESTS``).
    """
    by = [by] if isinstance(by, str) else list(by)
    _check(results, [*by, value, "requests"])
    fewest = int(results["requests"].min())
    shown = [column for column in supported_percentiles(fewest) if column in results.columns]
    columns = {value: label, **{column: column.replace("_ms", " ms") for column in shown}}
    rows = []
    for key, group in results.groupby(by, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        row = dict(zip(by, key))
        for column, name in columns.items():
            row.update(median_lowest_highest(group[column], name))
        row.update(runs_and_fewest(group))
        rows.append(row)
    return pd.DataFrame(rows).set_index(by)


def verdict(lowest: float, highest: float, numerator: str, denominator: str) -> str:
    """What the rounds' lowest and highest ratio (numerator / denominator) allow one to say."""
    if lowest > 1 + TIE_WITHIN:
        return f"{numerator} ahead in every round"
    if highest < 1 / (1 + TIE_WITHIN):
        return f"{denominator} ahead in every round"
    return "tie (inside the spread or within 25 %)"


def ratio_spread(results: pd.DataFrame, key: str, numerator, denominator, value: str = "requests_per_s",
                 by=(), names: tuple[str, str] | None = None, compares: str | None = None) -> pd.DataFrame:
    """``value`` of ``numerator`` over ``denominator`` (values of column ``key``), round by round.

    One row per group of ``by`` (e.g. concurrency): the median, lowest and
    highest round's ratio, the rounds counted and the verdict. ``names`` are
    what the verdict calls the two sides (by default the values themselves);
    ``compares``, when given, becomes a first column saying what is divided by what.
    """
    by = [by] if isinstance(by, str) else list(by)
    _check(results, [key, value, "run", *by])
    for side in (numerator, denominator):
        if side not in set(results[key]):
            raise ValueError(f"no rows with {key} == {side!r}")
    names = names or (str(numerator), str(denominator))
    groups = results.groupby(by, sort=False) if by else [((), results)]
    rows = []
    for group_key, group in groups:
        group_key = group_key if isinstance(group_key, tuple) else (group_key,)
        rounds = group.pivot_table(index="run", columns=key, values=value, aggfunc="mean")
        ratios = (rounds[numerator] / rounds[denominator]).dropna()
        row = dict(zip(by, group_key))
        if compares is not None:
            row["compares"] = compares
        row.update({"ratio median": ratios.median(), "lowest round": ratios.min(),
                    "highest round": ratios.max(), "rounds": len(ratios),
                    "verdict": verdict(ratios.min(), ratios.max(), *names)})
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.set_index(by) if by else table


def _single_framework(results: pd.DataFrame, by: str | None) -> str | None:
    """The one framework the rows hold (from column ``by``, else ``framework``), or None."""
    column = by if by else "framework"
    if column not in results.columns:
        return None
    values = results[column].dropna().unique()
    return str(values[0]) if len(values) == 1 else None


def _offsets(x_values, series: int) -> list[float]:
    """How far each of ``series`` lines is shifted along x, so that their error bars sit side by side."""
    if series < 2:
        return [0.0] * series
    steps = sorted(set(float(value) for value in x_values))
    gap = min((b - a for a, b in zip(steps, steps[1:])), default=1.0)
    width = 0.06 * gap                                  # a small shift: the points still read at their x
    return [width * (number - (series - 1) / 2) for number in range(series)]


def plot_spread(results: pd.DataFrame, x: str, by: str | None = None, value: str = "requests_per_s",
                title: str = "", xlabel: str | None = None, ylabel: str = "requests per second"):
    """``value`` against ``x``: the median run as a point, a bar from the lowest to the highest run (a Chart).

    With ``by``, one line per group, each shifted a little along x so that the bars do not overlap;
    a framework's line has its colour (``framework_colour``), also when the rows hold one framework.
    """
    _check(results, [x, value, *([by] if by else [])])
    fig = new_figure(7, 4.5)
    ax = fig.subplots()
    lines = list(results.groupby(by, sort=False)) if by else [("", results)]
    single = _single_framework(results, by)
    numeric_x = pd.api.types.is_numeric_dtype(results[x])
    shifts = _offsets(results[x], len(lines)) if numeric_x else [0.0] * len(lines)
    described = []
    for number, (label, rows) in enumerate(lines):
        stats = rows.groupby(x)[value].agg(["median", "min", "max"])
        colour = framework_colour(label) if label != "" else framework_colour(single) if single else None
        positions = [index + shifts[number] for index in stats.index] if numeric_x else stats.index
        ax.errorbar(positions, stats["median"],
                    yerr=[stats["median"] - stats["min"], stats["max"] - stats["median"]],
                    marker="os^Dv"[number % 5], capsize=4, label=str(label) or None, color=colour,
                    linestyle=("-", "--", ":", "-.")[number % 4])
        points = ", ".join(f"{index}: {median:.0f} ({low:.0f}–{high:.0f})"
                           for index, (median, low, high) in stats[["median", "min", "max"]].iterrows())
        described.append(f"{label}: {points}" if label != "" else points)
    ax.set_xticks(sorted(results[x].unique()))
    ax.set_xlabel(xlabel or x)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.set_title(textwrap.fill(title, TITLE_WIDTH))
    ax.grid(True, alpha=0.3)
    if by:
        ax.legend()
    alt = (f"{title + ': ' if title else ''}median {ylabel} against {xlabel or x}, with the lowest and highest "
           f"round: " + "; ".join(described))
    return Chart(fig, alt)
