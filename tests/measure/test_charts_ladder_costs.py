"""The layer-cost figure of lesson Scalability is drawn from ladder_costs' table: a bar per layer, with its spread."""

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from apilab.measure.bench_ladder import ladder_costs, report_rows
from apilab.measure.charts import framework_colour
from apilab.measure.charts.ladder_costs import ladder_costs_chart


def costs(scale: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame([
        {"framework": "Flask", "layer": "ORM (SQLAlchemy)", "µs per request": 300 * scale, "lowest": 250 * scale,
         "highest": 420 * scale},
        {"framework": "Django", "layer": "ORM (Django's)", "µs per request": 200 * scale, "lowest": -20 * scale,
         "highest": 900 * scale},
        {"framework": "Django", "layer": "serialization", "µs per request": 480.0, "lowest": 410.0, "highest": 2000.0},
    ])


def test_one_bar_per_layer_in_its_frameworks_colour_with_its_spread():
    chart = ladder_costs_chart(costs())
    (axes,) = chart.figure.axes
    bars = axes.patches
    assert len(bars) == len(costs())
    assert [to_hex(bar.get_facecolor()) for bar in bars] == [to_hex(framework_colour(name))
                                                             for name in costs()["framework"]]
    assert [bar.get_width() for bar in bars] == list(costs()["µs per request"])
    (spread,) = [collection for collection in axes.collections if len(collection.get_segments()) == len(bars)]
    assert sorted(sorted(point[0] for point in segment) for segment in spread.get_segments()) == sorted(
        [[row.lowest, row.highest] for row in costs().itertuples()])
    labels = dict(zip(axes.get_yticks(), (label.get_text() for label in axes.get_yticklabels()), strict=True))
    assert labels[max(labels)] == "Flask: ORM (SQLAlchemy)"      # the table's first row on top
    assert "µs per request" in axes.get_xlabel() and axes.get_title()


def test_the_alt_text_and_the_picture_follow_the_data():
    first, second = ladder_costs_chart(costs()), ladder_costs_chart(costs(scale=2.0))
    assert "Flask: ORM (SQLAlchemy) 300 (250 to 420)" in first.alt
    assert "Django: ORM (Django's) 200 (-20 to 900)" in first.alt
    assert "Flask: ORM (SQLAlchemy) 600 (500 to 840)" in second.alt
    assert first.alt != second.alt and first.png() != second.png()


def test_the_committed_report_rows_draw_every_layer():
    table = ladder_costs(report_rows("ladder.csv"))
    chart = ladder_costs_chart(table)
    assert len(chart.figure.axes[0].patches) == len(table)
    assert all(f"{row.framework}: {row.layer}" in chart.alt for row in table.itertuples())


def test_bad_input_gives_one_readable_error():
    with pytest.raises(ValueError, match="ladder_costs makes one"):
        ladder_costs_chart(costs().drop(columns="lowest"))
    with pytest.raises(ValueError, match="ladder_costs makes one"):
        ladder_costs_chart([1, 2, 3])
    with pytest.raises(ValueError, match="needs numbers"):
        ladder_costs_chart(costs().assign(highest="a lot"))
    with pytest.raises(ValueError, match="lowest <= µs per request <= highest"):
        ladder_costs_chart(costs().assign(lowest=1000.0))
