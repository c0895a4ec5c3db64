"""The query-count figure of lesson Real-API-Features is drawn from its rows, in the frameworks' colours."""

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from apilab.measure.charts import framework_colour
from apilab.measure.charts.query_counts import query_counts_chart


def counts(lazy_extra: int = 2) -> pd.DataFrame:
    rows = []
    for framework, fix in (("DRF", "prefetch_related"), ("Flask", "selectinload")):
        for size in (1, 3, 6, 12):
            rows.append({"framework": framework, "loading": "lazy loading", "page size": size,
                         "queries": size + lazy_extra})
            rows.append({"framework": framework, "loading": fix, "page size": size, "queries": 3})
    return pd.DataFrame(rows)


def lines_of(chart) -> list:
    return [line for axes in chart.figure.axes for line in axes.get_lines()]


def test_one_line_per_framework_and_loading_in_the_frameworks_colours():
    chart = query_counts_chart(counts())
    lines = lines_of(chart)
    assert len(lines) == counts().groupby(["framework", "loading"]).ngroups == 4
    expected = [to_hex(framework_colour(name)) for name in ("DRF", "DRF", "Flask", "Flask")]
    assert [to_hex(line.get_color()) for line in lines] == expected
    assert [list(line.get_ydata()) for line in lines][:2] == [[3, 5, 8, 14], [3, 3, 3, 3]]
    assert [axes.get_title() for axes in chart.figure.axes] == ["DRF", "Flask"]
    assert chart.figure.axes[0].get_ylabel() == "SQL queries per request"
    assert "page size" in chart.figure.axes[0].get_xlabel()


def test_the_alt_text_and_the_picture_follow_the_data():
    first, second = query_counts_chart(counts()), query_counts_chart(counts(lazy_extra=5))
    assert "DRF, lazy loading: 3, 5, 8, 14" in first.alt and "Flask, selectinload: 3, 3, 3, 3" in first.alt
    assert "DRF, lazy loading: 6, 8, 11, 17" in second.alt
    assert first.alt != second.alt and first.png() != second.png()


def test_bad_input_gives_one_readable_error():
    with pytest.raises(ValueError, match="needs a non-empty DataFrame with the columns"):
        query_counts_chart(counts().drop(columns="loading"))
    with pytest.raises(ValueError, match="needs a non-empty DataFrame"):
        query_counts_chart({"DRF": [3, 5]})
    with pytest.raises(ValueError, match="needs a non-empty DataFrame"):
        query_counts_chart(counts().iloc[0:0])
    with pytest.raises(ValueError, match="needs numbers"):
        query_counts_chart(counts().assign(queries="many"))
