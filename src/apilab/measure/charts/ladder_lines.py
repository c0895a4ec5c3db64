"""Figure: lines of code per rung of the abstraction ladder (lesson Up-The-Abstraction-Ladder).

``ladder_lines_chart(table)`` takes the table ``Ladder.table()`` makes (columns ``framework``,
``style`` and ``lines``, one row per rung in the order they were climbed) and draws one horizontal
bar per rung, in its framework's colour, with its count of lines at the end of the bar.
"""

from __future__ import annotations

import pandas as pd

from apilab.measure.charts import Chart, framework_colour, new_figure

COLUMNS = ["framework", "style", "lines"]


def _checked(table) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame) or table.empty or not set(COLUMNS) <= set(table.columns):
        got = list(table.columns) if isinstance(table, pd.DataFrame) else type(table).__name__
        raise ValueError(f"ladder_lines_chart needs a non-empty DataFrame with the columns {COLUMNS} "
                         f"(ladder.table() makes one), got {got}")
    lines = pd.to_numeric(table["lines"], errors="coerce")
    if lines.isna().any() or pd.api.types.is_bool_dtype(table["lines"]) or (lines < 0).any():
        raise ValueError("ladder_lines_chart needs a count of lines (a number, 0 or more) in every row")
    return table.assign(lines=lines).reset_index(drop=True)


def ladder_lines_chart(table: pd.DataFrame) -> Chart:
    """One bar per rung of ``table``: its lines of code, in its framework's colour, the first rung at the top."""
    table = _checked(table)
    labels = [f"{row.framework}: {row.style}" for row in table.itertuples()]
    positions = list(range(len(table)))[::-1]
    figure = new_figure(8.0, 0.45 * len(table) + 1.6)
    axes = figure.add_subplot()
    bars = axes.barh(positions, table["lines"], color=[framework_colour(name) for name in table["framework"]])
    axes.bar_label(bars, fmt="%d", padding=3, fontsize=9)
    axes.set_yticks(positions, labels)
    axes.set_xlabel("lines of code (blank lines, comments and docstrings not counted)")
    axes.set_title("Lines of code per rung of the abstraction ladder")
    axes.margins(x=0.12)
    axes.grid(True, axis="x", alpha=0.3)
    alt = ("Horizontal bar chart of the lines of code of each rung of the abstraction ladder: "
           + "; ".join(f"{label} {count:.0f}" for label, count in zip(labels, table["lines"], strict=True)) + ".")
    return Chart(figure, alt)
