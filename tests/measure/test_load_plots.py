"""Tests of apilab.measure.plots: each call returns a labelled Figure with a line per framework."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from apilab.measure import plots  # noqa: E402


@pytest.fixture
def results():
    """Harness-shaped rows: two frameworks, three levels, three repeats, two worker counts."""
    rows = []
    for framework, base in (("flask", 1000), ("django", 600)):
        for workers in (1, 2):
            for concurrency in (1, 4, 16):
                for run in range(3):
                    rows.append({"framework": framework, "server": "gunicorn", "workers": workers,
                                 "instances": workers, "concurrency": concurrency,
                                 "requests_per_s": base * workers + 10 * run + concurrency,
                                 "p50_ms": concurrency, "p90_ms": 2 * concurrency,
                                 "p99_ms": 3 * concurrency + run, "errors": 0, "client": "wrk",
                                 "run": run})
    yield pd.DataFrame(rows)
    plt.close("all")


def _legend_labels(ax) -> list[str]:
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_throughput_has_a_line_per_framework_with_error_bars(results):
    fig = plots.plot_throughput(results)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert sorted(_legend_labels(ax)) == ["django", "flask"]
    assert ax.get_xlabel() == "concurrent connections" and ax.get_ylabel() == "requests per second"
    assert ax.get_title()
    assert len(ax.containers) == 2  # one errorbar container per framework
    flask = [c for c in ax.containers if c.get_label() == "flask"][0]
    x, y = flask.lines[0].get_data()
    means = results[results.framework == "flask"].groupby("concurrency")["requests_per_s"].mean()
    assert list(x) == [1, 4, 16] and list(y) == pytest.approx(list(means))


def test_several_servers_get_a_line_each(results):
    waitress = results.assign(server="waitress", requests_per_s=results.requests_per_s / 2)
    fig = plots.plot_throughput(pd.concat([results, waitress]))
    assert len(_legend_labels(fig.axes[0])) == 4 and "flask (waitress)" in _legend_labels(fig.axes[0])


def test_latency_has_a_panel_per_framework_with_three_percentiles(results):
    fig = plots.plot_latency(results)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert _legend_labels(ax) == ["p50", "p90", "p99"] and ax.get_xlabel()
    assert fig.axes[0].get_ylabel() == "latency (ms)"


@pytest.mark.parametrize("by", ["workers", "instances"])
def test_scaling_plots_throughput_against_workers_or_instances(results, by):
    fig = plots.plot_scaling(results, by=by)
    ax = fig.axes[0]
    assert by.rstrip("s") in ax.get_xlabel() and ax.get_ylabel() == "requests per second"
    assert sorted(_legend_labels(ax)) == ["django", "flask"]


@pytest.mark.parametrize("call, message", [
    (lambda: plots.plot_throughput([1, 2]), "DataFrame"),
    (lambda: plots.plot_throughput(pd.DataFrame({"framework": ["x"]})), "concurrency"),
    (lambda: plots.plot_latency(pd.DataFrame(columns=["framework", "concurrency", "p50_ms", "p90_ms", "p99_ms"])),
     "empty"),
    (lambda: plots.plot_scaling(pd.DataFrame(), by="cores"), "by"),
])
def test_bad_input_gets_a_clear_one_line_error(call, message):
    with pytest.raises((ValueError, TypeError)) as error:
        call()
    assert message in str(error.value) and "\n" not in str(error.value)
