"""Figure: the two builds' lines of code, row by row (lesson Side-By-Side).

``line_counts_chart(lines)`` takes the lesson's table ``lines``: one row per kind of code (model,
validation, views and URLs, …, total), one column per build, Flask's first, each cell a count of
lines. It draws each row as two horizontal bars side by side, each build in its framework's colour.
"""

from __future__ import annotations

import pandas as pd

from apilab.measure.charts import Chart, framework_colour, new_figure

BAR_HEIGHT = 0.38


def _checked(lines) -> pd.DataFrame:
    if not isinstance(lines, pd.DataFrame) or lines.empty or len(lines.columns) != 2:
        got = (f"{len(lines.columns)} columns and {len(lines)} rows" if isinstance(lines, pd.DataFrame)
               else type(lines).__name__)
        raise ValueError("line_counts_chart needs the table `lines`: rows of kinds of code, two columns "
                         f"(one per build), got {got}")
    counts = lines.apply(pd.to_numeric, errors="coerce")        # a column of ints may be held as objects
    if counts.isna().any().any() or any(pd.api.types.is_bool_dtype(counts[column]) for column in counts):
        raise ValueError("line_counts_chart needs a count of lines (a number) in every cell of `lines`")
    if (counts < 0).any().any():
        raise ValueError("line_counts_chart needs counts of 0 or more")
    return counts


def line_counts_chart(lines: pd.DataFrame) -> Chart:
    """Each row of ``lines`` as two bars, one per build (its column), in its framework's colour."""
    lines = _checked(lines)
    rows = [str(row) for row in lines.index]
    centres = list(range(len(rows)))[::-1]                  # the table's first row at the top
    figure = new_figure(8.0, 0.75 * len(rows) + 1.6)
    axes = figure.add_subplot()
    for offset, build in zip((BAR_HEIGHT / 2, -BAR_HEIGHT / 2), lines.columns):
        positions = [centre + offset for centre in centres]
        bars = axes.barh(positions, lines[build], height=BAR_HEIGHT, color=framework_colour(build), label=build)
        axes.bar_label(bars, fmt="%d", padding=3, fontsize=9)
    axes.set_yticks(centres, rows)
    axes.set_xlabel("lines of code (blank lines, comments and docstrings not counted)")
    axes.set_title("Lines of code of each build, by what the code does")
    axes.margins(x=0.12)
    axes.grid(True, axis="x", alpha=0.3)
    axes.legend(loc="upper right", frameon=False)
    flask, django = lines.columns
    alt = (f"Horizontal bar chart of lines of code by what the code does, {flask} beside {django}: "
           + "; ".join(f"{row} {lines.at[row, flask]:.0f} and {lines.at[row, django]:.0f}" for row in lines.index)
           + ".")
    return Chart(figure, alt)
