"""Plot load-harness results in one call each; every function returns the matplotlib Figure.

::

    results = apilab.measure.load.sweep(server, concurrency_levels=[1, 4, 16], repeat=3)
    fig = plot_throughput(results)

Lines are one per framework (and per server when several servers are in the
results); repeated runs of the same point become its mean with an error bar
of one standard deviation. A framework's line has its colour of the whole course
(``apilab.measure.charts.framework_colour``); several servers of one framework
differ by their marker and line style.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from apilab.measure.charts import framework_colour

PERCENTILES = ("p50_ms", "p90_ms", "p99_ms")
SCALING_AXES = {"workers": "workers per instance", "instances": "instances behind the load balancer",
                "concurrency": "concurrent connections"}


def check_results(results, needed: list[str]) -> pd.DataFrame:
    """Return ``results`` if it is a non-empty DataFrame of load-harness rows with the ``needed`` columns."""
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a pandas DataFrame from apilab.measure.load, got {type(results).__name__}")
    missing = [column for column in needed if column not in results.columns]
    if missing:
        raise ValueError(f"results lack the columns {missing} (they come from apilab.measure.load.sweep)")
    if results.empty:
        raise ValueError("results is empty: there is nothing to plot")
    return results


def _series(results: pd.DataFrame):
    """Yield (label, rows) per line: framework, plus the server when several are present."""
    keys = ["framework"] + (["server"] if "server" in results and results["server"].nunique() > 1 else [])
    for key, rows in results.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        label = key[0] if len(key) == 1 else f"{key[0]} ({key[1]})"
        yield str(label), rows


def _style(label: str, number: int) -> dict:
    """The line's look: its framework's colour, and a marker and dash of its own."""
    return {"color": framework_colour(label), "marker": "os^Dv"[number % 5],
            "linestyle": ("-", "--", ":", "-.")[number % 4]}


def _concurrency_axis(ax, levels) -> None:
    """A log-2 x axis labelled with the concurrency levels themselves (1, 4, 16, not 2^n)."""
    levels = sorted(set(int(level) for level in levels))
    ax.set_xscale("log", base=2)
    ax.set_xticks(levels, [str(level) for level in levels])
    ax.minorticks_off()
    ax.set_xlabel("concurrent connections")


def _client_note(results: pd.DataFrame) -> str:
    if "client" not in results:
        return ""
    return f"  [measured by {', '.join(sorted(results['client'].astype(str).unique()))}]"


def _axes(ax):
    if ax is None:
        return plt.subplots(figsize=(7, 4.5))
    if not hasattr(ax, "errorbar"):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax.figure, ax


def plot_throughput(results: pd.DataFrame, title: str | None = None, ax=None):
    """Requests per second against concurrency, one line per framework, error bars over repeats.

    ``ax`` draws into an existing matplotlib Axes (for a grid of plots).
    """
    check_results(results, ["framework", "concurrency", "requests_per_s"])
    fig, ax = _axes(ax)
    for number, (label, rows) in enumerate(_series(results)):
        stats = rows.groupby("concurrency")["requests_per_s"].agg(["mean", "std"]).fillna(0.0)
        ax.errorbar(stats.index, stats["mean"], yerr=stats["std"], capsize=3, label=label, **_style(label, number))
    _concurrency_axis(ax, results["concurrency"])
    ax.set_ylabel("requests per second")
    ax.set_ylim(bottom=0)
    ax.set_title(title or "Throughput against concurrency" + _client_note(results))
    ax.legend(title="framework")
    ax.grid(True, alpha=0.3)
    if len(fig.axes) == 1:
        fig.tight_layout()
    return fig


def plot_latency(results: pd.DataFrame, title: str | None = None):
    """Latency percentiles (p50, p90, p99) against concurrency, one panel per framework."""
    check_results(results, ["framework", "concurrency", *PERCENTILES])
    series = list(_series(results))
    fig, axes = plt.subplots(1, len(series), figsize=(4 * len(series) + 1, 4), sharey=True, squeeze=False)
    for ax, (label, rows) in zip(axes[0], series):
        means = rows.groupby("concurrency")[list(PERCENTILES)].mean()
        for column in PERCENTILES:
            ax.plot(means.index, means[column], marker="o", label=column.removesuffix("_ms"))
        _concurrency_axis(ax, rows["concurrency"])
        ax.set_title(label)
        ax.grid(True, alpha=0.3)
        ax.legend(title="percentile")
    axes[0][0].set_ylabel("latency (ms)")
    fig.suptitle(title or "Latency percentiles against concurrency" + _client_note(results))
    fig.tight_layout()
    return fig


def plot_scaling(results: pd.DataFrame, by: str = "workers", title: str | None = None, ax=None):
    """Requests per second against ``by`` ("workers" or "instances"), error bars over repeats."""
    if by not in SCALING_AXES:
        raise ValueError(f"by must be one of {tuple(SCALING_AXES)}, got {by!r}")
    check_results(results, ["framework", by, "requests_per_s"])
    fig, ax = _axes(ax)
    for number, (label, rows) in enumerate(_series(results)):
        stats = rows.groupby(by)["requests_per_s"].agg(["mean", "std"]).fillna(0.0)
        ax.errorbar(stats.index, stats["mean"], yerr=stats["std"], capsize=3, label=label, **_style(label, number))
    ax.set_xlabel(SCALING_AXES[by])
    ax.set_ylabel("requests per second")
    ax.set_ylim(bottom=0)
    ax.set_xticks(sorted(results[by].unique()))
    ax.set_title(title or f"Throughput against {by}" + _client_note(results))
    ax.legend(title="framework")
    ax.grid(True, alpha=0.3)
    if len(fig.axes) == 1:
        fig.tight_layout()
    return fig
