"""apilab.measure.spread: percentiles a run supports, medians with their spread, ratios round by round."""

import matplotlib
import pandas as pd
import pytest

from apilab.measure.spread import MIN_REQUESTS, plot_spread, ratio_spread, summary, supported_percentiles, verdict

matplotlib.use("Agg")


def rows(values: dict, requests: int = 500) -> pd.DataFrame:
    """Load-harness-like rows: {setup: [req/s of round 0, round 1, ...]}."""
    return pd.DataFrame([{"setup": setup, "run": run, "requests_per_s": rate, "requests": requests,
                          "p50_ms": 10.0 + run, "p90_ms": 20.0 + run, "p99_ms": 90.0 + run}
                         for setup, rates in values.items() for run, rate in enumerate(rates)])


def test_each_percentile_needs_ten_requests_beyond_it():
    assert MIN_REQUESTS == {"p50_ms": 20, "p90_ms": 100, "p99_ms": 1000}
    assert supported_percentiles(19) == []
    assert supported_percentiles(20) == ["p50_ms"]
    assert supported_percentiles(999) == ["p50_ms", "p90_ms"]
    assert supported_percentiles(1000) == ["p50_ms", "p90_ms", "p99_ms"]
    with pytest.raises(ValueError):
        supported_percentiles(-1)


def test_the_summary_shows_median_lowest_highest_and_only_the_supported_percentiles():
    table = summary(rows({"a": [100.0, 300.0, 200.0], "b": [50.0, 60.0, 70.0]}, requests=150), by="setup")
    assert table.loc["a", "req/s median"] == 200.0
    assert (table.loc["a", "req/s lowest"], table.loc["a", "req/s highest"]) == (100.0, 300.0)
    assert table.loc["b", "p90 ms highest"] == 22.0
    assert not [column for column in table.columns if column.startswith("p99")]
    assert table.loc["a", "runs"] == 3 and table.loc["a", "fewest requests in a run"] == 150


def test_one_short_run_hides_a_percentile_for_every_group():
    data = rows({"a": [1.0, 2.0], "b": [1.0, 2.0]}, requests=200)
    data.loc[0, "requests"] = 50
    table = summary(data, by="setup")
    assert "p50 ms median" in table.columns and "p90 ms median" not in table.columns


@pytest.mark.parametrize("lowest, highest, expected", [
    (1.3, 2.0, "a ahead in every round"),
    (0.5, 0.79, "b ahead in every round"),
    (0.9, 1.6, "tie"),        # the spread straddles 1
    (1.1, 1.2, "tie"),        # ahead in every round, but by less than 25 %
    (0.81, 0.95, "tie"),
])
def test_a_difference_is_real_only_when_every_round_shows_more_than_25_percent(lowest, highest, expected):
    assert verdict(lowest, highest, "a", "b").startswith(expected)


def test_ratios_are_taken_within_each_round():
    # Round 1 is slow for both: a ratio of means would hide that a leads by 2x in every round.
    data = rows({"a": [200.0, 20.0, 220.0], "b": [100.0, 10.0, 110.0]})
    table = ratio_spread(data, "setup", "a", "b", compares="a ÷ b")
    row = table.iloc[0]
    assert row["compares"] == "a ÷ b"
    assert row["ratio median"] == pytest.approx(2.0) and row["lowest round"] == pytest.approx(2.0)
    assert row["rounds"] == 3 and row["verdict"] == "a ahead in every round"


def test_ratios_per_level_and_a_missing_side():
    data = pd.concat([rows({"a": [10.0, 12.0], "b": [10.0, 10.0]}).assign(concurrency=1),
                      rows({"a": [30.0, 31.0], "b": [10.0, 10.0]}).assign(concurrency=8)])
    table = ratio_spread(data, "setup", "a", "b", by="concurrency")
    assert table.loc[1, "verdict"].startswith("tie") and table.loc[8, "verdict"] == "a ahead in every round"
    with pytest.raises(ValueError, match="no rows"):
        ratio_spread(data, "setup", "a", "c")


def test_the_plot_draws_the_median_with_a_bar_to_lowest_and_highest():
    data = rows({"a": [1.0, 5.0, 3.0]}).assign(workers=1)
    chart = plot_spread(pd.concat([data, data.assign(workers=2, requests_per_s=[2.0, 6.0, 4.0])]), x="workers")
    data_line, _, (bars,) = chart.figure.axes[0].containers[0].lines
    assert list(data_line.get_ydata()) == [3.0, 4.0]
    assert [(low[1], high[1]) for low, high in bars.get_segments()] == [(1.0, 5.0), (2.0, 6.0)]
    assert "1: 3 (1–5), 2: 4 (2–6)" in chart.alt   # the alt text says what the figure shows, from the same data
    other = plot_spread(data.assign(requests_per_s=[7.0, 9.0, 8.0]), x="workers")
    assert other.alt != chart.alt and other.png() != chart.png()


def test_one_framework_is_drawn_in_its_colour_with_or_without_by():
    from matplotlib.colors import to_hex

    from apilab.measure.charts import framework_colour

    data = rows({"flask": [1.0, 5.0, 3.0]}).assign(workers=1, framework="flask")
    for by in (None, "framework"):
        (container,) = plot_spread(data, x="workers", by=by).figure.axes[0].containers
        assert to_hex(container.lines[0].get_color()) == to_hex(framework_colour("flask")), by


def test_a_long_title_is_wrapped_to_fit_the_figure():
    title = "Requests per second of plain Django and of DRF, each served by gunicorn with two sync workers"
    chart = plot_spread(rows({"a": [1.0, 2.0]}).assign(workers=1), x="workers", title=title)
    shown = chart.figure.axes[0].get_title()
    assert "\n" in shown and all(len(line) <= 70 for line in shown.splitlines())
    assert shown.replace("\n", " ") == title and chart.alt.startswith(title)


def test_series_are_shifted_apart_along_x_so_their_bars_do_not_overlap():
    data = pd.concat([rows({"flask": [1.0, 5.0, 3.0]}).assign(workers=w) for w in (1, 2, 4)])
    data = pd.concat([data.assign(framework="flask"), data.assign(framework="django")])
    containers = plot_spread(data, x="workers", by="framework").figure.axes[0].containers
    first, second = (list(container.lines[0].get_xdata()) for container in containers)
    assert all(a < b and abs(a - x) < 0.2 and abs(b - x) < 0.2 for a, b, x in zip(first, second, (1, 2, 4)))
