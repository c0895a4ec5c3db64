"""Figure: SQL queries per request against the page size, before and after fixing an N+1 (lesson Real-API-Features).

``query_counts_chart(counts)`` takes the rows the lesson counted, one per framework, way of loading
and page size (columns ``framework``, ``loading``, ``page size``, ``queries``), and draws a panel
per framework with a line per way of loading, in the framework's colour: the first way of loading
counted (lazy) solid, the next dashed.
"""

from __future__ import annotations

import pandas as pd

from apilab.measure.charts import Chart, framework_colour, new_figure

COLUMNS = ["framework", "loading", "page size", "queries"]
LINE_STYLES = ["-", "--", ":", "-."]
MARKERS = ["o", "s", "^", "D"]


def _checked(counts) -> pd.DataFrame:
    if not isinstance(counts, pd.DataFrame) or counts.empty or not set(COLUMNS) <= set(counts.columns):
        got = list(counts.columns) if isinstance(counts, pd.DataFrame) else type(counts).__name__
        raise ValueError(f"query_counts_chart needs a non-empty DataFrame with the columns {COLUMNS}, got {got}")
    numbers = counts[["page size", "queries"]]
    if not all(pd.api.types.is_numeric_dtype(numbers[column]) for column in numbers):
        raise ValueError("query_counts_chart needs numbers in the columns 'page size' and 'queries'")
    return counts


def _whole(value) -> str:
    return f"{value:g}"


def query_counts_chart(counts: pd.DataFrame) -> Chart:
    """Queries per request by page size: a panel per framework, a line per way of loading, drawn from ``counts``."""
    counts = _checked(counts)
    frameworks = list(dict.fromkeys(counts["framework"]))
    figure = new_figure(3.6 * len(frameworks) + 0.6, 4.2)
    panels = figure.subplots(1, len(frameworks), sharey=True, squeeze=False)[0]
    sizes = sorted(counts["page size"].unique())
    described = []
    for axes, framework in zip(panels, frameworks, strict=True):
        rows_of_framework = counts[counts["framework"] == framework]
        for number, (loading, rows) in enumerate(rows_of_framework.groupby("loading", sort=False)):
            rows = rows.sort_values("page size")
            style = number % len(LINE_STYLES)
            axes.plot(rows["page size"], rows["queries"], color=framework_colour(framework),
                      linestyle=LINE_STYLES[style], marker=MARKERS[style], linewidth=2, label=str(loading))
            described.append(f"{framework}, {loading}: " + ", ".join(_whole(value) for value in rows["queries"]))
        axes.set_xticks(sizes)
        axes.set_xlabel("page size (products on the page)")
        axes.set_title(str(framework))
        axes.grid(True, alpha=0.3)
        axes.legend(fontsize="small")
    panels[0].set_ylabel("SQL queries per request")
    panels[0].set_ylim(bottom=0)
    figure.suptitle("Queries for one page of products with their reviews, before and after the fix")
    alt = (f"Line charts of SQL queries per request by page size ({', '.join(_whole(size) for size in sizes)}): "
           + "; ".join(described) + ".")
    return Chart(figure, alt)
