"""The line-count figure of lesson Side-By-Side: drawn from the table it is given, in the frameworks' colours."""

import matplotlib.colors
import pandas as pd
import pytest

from apilab.measure.charts import DJANGO_COLOUR, FLASK_COLOUR, framework_colour
from apilab.measure.charts.line_counts import line_counts_chart

FLASK = "Flask + SQLAlchemy + marshmallow"
DJANGO = "Django + DRF"


def counted(views_flask: int = 30) -> pd.DataFrame:
    lines = pd.DataFrame({FLASK: {"model": 9, "views and URLs": views_flask, "errors": 8},
                          DJANGO: {"model": 7, "views and URLs": 12, "errors": 0}})
    lines.loc["total"] = lines.sum()
    return lines


def bars(chart):
    (axes,) = chart.figure.axes
    return axes.patches


def test_the_chart_is_drawn_from_its_table():
    chart, changed = line_counts_chart(counted()), line_counts_chart(counted(views_flask=44))
    assert "views and URLs 30 and 12" in chart.alt and "total 47 and 19" in chart.alt
    assert "views and URLs 44 and 12" in changed.alt and "total 61 and 19" in changed.alt
    assert chart.png() != changed.png()
    assert sorted(bar.get_width() for bar in bars(chart)) == sorted(counted().to_numpy().ravel().tolist())


def test_one_bar_per_row_and_build_in_the_frameworks_colours():
    lines = counted()
    chart = line_counts_chart(lines)
    assert len(bars(chart)) == 2 * len(lines)
    colours = [matplotlib.colors.to_hex(bar.get_facecolor()).lower() for bar in bars(chart)]
    assert colours == [FLASK_COLOUR.lower()] * len(lines) + [DJANGO_COLOUR.lower()] * len(lines)
    assert framework_colour(FLASK) == FLASK_COLOUR and framework_colour(DJANGO) == DJANGO_COLOUR
    (axes,) = chart.figure.axes
    assert axes.get_xlabel().startswith("lines of code") and axes.get_title()
    assert [label.get_text() for label in axes.get_yticklabels()] == list(lines.index)


def test_counts_held_as_objects_are_read_as_numbers():
    lines = counted().astype(object)
    assert "total 47 and 19" in line_counts_chart(lines).alt


@pytest.mark.parametrize("bad, says", [
    ("lines", "needs the table `lines`"),
    (pd.DataFrame(), "needs the table `lines`"),
    (pd.DataFrame({FLASK: [1], DJANGO: [2], "third": [3]}), "got 3 columns"),
    (pd.DataFrame({FLASK: ["many"], DJANGO: [2]}), "a count of lines"),
    (pd.DataFrame({FLASK: [True], DJANGO: [2]}), "a count of lines"),
    (pd.DataFrame({FLASK: [-1], DJANGO: [2]}), "0 or more"),
])
def test_bad_input_gives_one_readable_error(bad, says):
    with pytest.raises(ValueError, match="line_counts_chart") as raised:
        line_counts_chart(bad)
    assert says in str(raised.value)


def test_a_half_done_row_is_drawn_empty_and_said_in_the_alt_text():
    lines = counted()
    lines.loc["errors in the contract's shapes"] = {FLASK: 8, DJANGO: float("nan")}     # half of a learner's answer
    chart = line_counts_chart(lines)
    assert "errors in the contract's shapes 8 and not counted" in chart.alt and "1 cell not counted yet" in chart.alt
    assert len(bars(chart)) == 2 * len(lines)
    assert "cell" not in line_counts_chart(counted()).alt


def test_the_total_is_drawn_apart_from_its_parts():
    chart = line_counts_chart(counted())
    (axes,) = chart.figure.axes
    centres = list(axes.get_yticks())
    gaps = [above - below for above, below in zip(centres, centres[1:])]
    assert gaps[-1] > max(gaps[:-1])                    # the total sits further from the row above it
    assert len(axes.lines) == 1                         # the line between the parts and their total
