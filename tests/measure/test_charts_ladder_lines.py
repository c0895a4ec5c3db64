"""The lines-per-rung figure of lesson Up-The-Abstraction-Ladder: drawn from its table, in the frameworks' colours."""

import matplotlib.colors
import pandas as pd
import pytest

from apilab.measure.charts import DJANGO_COLOUR, FLASK_COLOUR
from apilab.measure.charts.ladder_lines import ladder_lines_chart


def table(viewset_lines: int = 12) -> pd.DataFrame:
    return pd.DataFrame({"framework": ["DRF", "DRF", "Flask", "Flask"],
                         "style": ["function views", "ViewSet + router", "function views", "MethodView"],
                         "lines": [40, viewset_lines, 52, 58],
                         "lines removed": [None, 40 - viewset_lines, None, -6],
                         "contract": ["40/40 passed"] * 4})


def bars(chart):
    (axes,) = chart.figure.axes
    return axes.patches


def test_the_chart_is_drawn_from_its_table():
    chart, changed = ladder_lines_chart(table()), ladder_lines_chart(table(viewset_lines=17))
    assert "DRF: ViewSet + router 12;" in chart.alt and "Flask: MethodView 58." in chart.alt
    assert "DRF: ViewSet + router 17;" in changed.alt
    assert chart.png() != changed.png()
    assert [bar.get_width() for bar in bars(chart)] == [40, 12, 52, 58]


def test_one_bar_per_rung_in_its_frameworks_colour():
    chart = ladder_lines_chart(table())
    assert len(bars(chart)) == len(table())
    colours = [matplotlib.colors.to_hex(bar.get_facecolor()).lower() for bar in bars(chart)]
    assert colours == [DJANGO_COLOUR.lower()] * 2 + [FLASK_COLOUR.lower()] * 2
    (axes,) = chart.figure.axes
    assert axes.get_xlabel().startswith("lines of code") and axes.get_title()
    placed = {label.get_text(): y for label, y in zip(axes.get_yticklabels(), axes.get_yticks(), strict=True)}
    assert sorted(placed, key=placed.get, reverse=True) == [f"{row.framework}: {row.style}"
                                                            for row in table().itertuples()]   # first rung on top


@pytest.mark.parametrize("bad, says", [
    ("ladder", "non-empty DataFrame"),
    (pd.DataFrame(), "non-empty DataFrame"),
    (pd.DataFrame({"framework": ["DRF"], "lines": [3]}), "got ['framework', 'lines']"),
    (pd.DataFrame({"framework": ["DRF"], "style": ["x"], "lines": ["many"]}), "a count of lines"),
    (pd.DataFrame({"framework": ["DRF"], "style": ["x"], "lines": [True]}), "a count of lines"),
    (pd.DataFrame({"framework": ["DRF"], "style": ["x"], "lines": [-2]}), "0 or more"),
])
def test_bad_input_gives_one_readable_error(bad, says):
    with pytest.raises(ValueError, match="ladder_lines_chart") as raised:
        ladder_lines_chart(bad)
    assert says in str(raised.value)


def test_the_y_axis_is_labelled_and_the_alt_text_states_each_frameworks_trend():
    chart = ladder_lines_chart(table())
    (axes,) = chart.figure.axes
    assert axes.get_ylabel()
    assert "DRF falls from 40 lines (function views) to 12 (ViewSet + router)" in chart.alt
    assert "Flask rises from 52 lines (function views) to 58 (MethodView)" in chart.alt
    assert "Every rung passed the contract." in chart.alt
    assert "DRF stays at 40 lines from function views to ViewSet + router" in ladder_lines_chart(table(40)).alt


def test_a_rung_that_failed_the_contract_is_hatched_and_said():
    failing = table().assign(contract=["40/40 passed", "38/40 passed", "40/40 passed", "40/40 passed"])
    chart, passing = ladder_lines_chart(failing), ladder_lines_chart(table())
    assert [bool(bar.get_hatch()) for bar in bars(chart)] == [False, True, False, False]
    assert not any(bar.get_hatch() for bar in bars(passing))
    assert "failed contract checks (hatched): DRF: ViewSet + router (38/40)" in chart.alt
    (axes,) = chart.figure.axes
    assert any("contract: 38/40 passed" in text.get_text() for text in axes.texts)
    assert chart.png() != passing.png()
