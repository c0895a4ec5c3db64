"""The figure of lesson Overview: drawn from the comparison table it is given, in the frameworks' colours."""

import matplotlib.colors
import pandas as pd
import pytest

from apilab.measure.charts import framework_colour
from apilab.measure.charts.footprints import footprint_chart


def comparison(changed=None) -> pd.DataFrame:
    table = pd.DataFrame({"Flask": [7, 0, 0, 60], "Django": [4, 14, 10, 410]},
                         index=["lines we wrote for the endpoint", "settings changed from the defaults",
                                "installed apps / extensions", "framework modules loaded"])
    for (column, row), value in (changed or {}).items():
        table.loc[row, column] = value
    return table


def bars(chart) -> list:
    return [patch for axes in chart.figure.axes for patch in axes.patches]


def test_the_chart_is_drawn_from_its_data():
    chart = footprint_chart(comparison())
    assert len(chart.figure.axes) == 4 and len(bars(chart)) == 8      # a panel per row, a bar per framework
    widths = {axes.get_title(loc="left"): [patch.get_width() for patch in axes.patches] for axes in chart.figure.axes}
    assert widths["framework modules loaded"] == [60, 410]
    assert "framework modules loaded: Flask 60, Django 410" in chart.alt
    changed = footprint_chart(comparison({("Django", "framework modules loaded"): 350}))
    assert "Django 350" in changed.alt and changed.alt != chart.alt
    assert changed.png() != chart.png()
    assert chart.png().startswith(b"\x89PNG")


def test_each_framework_has_its_colour():
    for axes in footprint_chart(comparison()).figure.axes:
        flask, django = axes.patches
        assert matplotlib.colors.to_hex(flask.get_facecolor()) == framework_colour("Flask").lower()
        assert matplotlib.colors.to_hex(django.get_facecolor()) == framework_colour("Django").lower()
        assert flask.get_y() > django.get_y()                                   # the table's first column on top


@pytest.mark.parametrize("bad, says", [
    ("a table", "got str"),
    (pd.DataFrame({"Flask": [1]}), "two or more"),
    (pd.DataFrame({"Flask": ["many"], "Django": [3]}), "numbers in every column"),
    (pd.DataFrame({"Flask": [-1], "Django": [3]}), "no value may be negative"),
])
def test_bad_input_gets_one_readable_error(bad, says):
    with pytest.raises(ValueError, match=says):
        footprint_chart(bad)
