"""Figure: the two builds' lines of code, row by row (lesson Side-By-Side).

``line_counts_chart(lines)`` takes the lesson's table ``lines``: one row per kind of code (model,
validation, views and URLs, …, total), one column per build, Flask's first, each cell a count of
lines. It draws each row as two horizontal bars side by side, each build in its framework's colour.
A cell not filled yet (NaN, as a half-done answer leaves it) is drawn empty, marked "not counted", and the
alt text says so. A row named "total" is drawn apart from the rows it sums, below a line.
"""

from __future__ import annotations

import pandas as pd

from apilab.measure.charts import Chart, framework_colour, new_figure

BAR_HEIGHT = 0.38
TOTAL_GAP = 0.6             # the extra space above a "total" row
NOT_COUNTED = "not counted"


def _checked(lines) -> pd.DataFrame:
    if not isinstance(lines, pd.DataFrame) or lines.empty or len(lines.columns) != 2:
        got = (f"{len(lines.columns)} columns and {len(lines)} rows" if isinstance(lines, pd.DataFrame)
               else type(lines).__name__)
        raise ValueError("line_counts_chart needs the table `lines`: rows of kinds of code, two columns "
                         f"(one per build), got {got}")
    counts = lines.apply(pd.to_numeric, errors="coerce")        # a column of ints may be held as objects
    not_numbers = counts.isna() & ~lines.isna()                 # a missing cell is allowed: drawn empty
    if not_numbers.any().any() or any(pd.api.types.is_bool_dtype(lines[column]) for column in lines):
        raise ValueError("line_counts_chart needs a count of lines (a number) in every cell of `lines` "
                         "(or an empty cell, drawn empty)")
    if (counts < 0).any().any():
        raise ValueError("line_counts_chart needs counts of 0 or more")
    return counts


def line_counts_chart(lines: pd.DataFrame) -> Chart:
    """Each row of ``lines`` as two bars, one per build (its column), in its framework's colour."""
    lines = _checked(lines)
    rows = [str(row) for row in lines.index]
    centres = _centres(rows)
    figure = new_figure(8.0, 0.75 * len(rows) + 1.6)
    axes = figure.add_subplot()
    for offset, build in zip((BAR_HEIGHT / 2, -BAR_HEIGHT / 2), lines.columns):
        positions = [centre + offset for centre in centres]
        bars = axes.barh(positions, lines[build].fillna(0), height=BAR_HEIGHT, color=framework_colour(build),
                         label=build)
        axes.bar_label(bars, labels=[_shown(value) for value in lines[build]], padding=3, fontsize=9)
    if "total" in rows[1:]:
        axes.axhline((centres[rows.index("total")] + centres[rows.index("total") - 1]) / 2, color="#444444",
                     linewidth=0.8, linestyle="--")
    axes.set_yticks(centres, rows)
    axes.set_xlabel("lines of code (blank lines, comments and docstrings not counted)")
    axes.set_title("Lines of code of each build, by what the code does")
    axes.margins(x=0.12)
    axes.grid(True, axis="x", alpha=0.3)
    axes.legend(loc="upper right", frameon=False)
    flask, django = lines.columns
    missing = int(lines.isna().sum().sum())
    alt = (f"Horizontal bar chart of lines of code by what the code does, {flask} beside {django}: "
           + "; ".join(f"{row} {_shown(lines.at[row, flask])} and {_shown(lines.at[row, django])}"
                       for row in lines.index)
           + (f" ({missing} {'cell' if missing == 1 else 'cells'} {NOT_COUNTED} yet, drawn empty)" if missing else "")
           + ".")
    return Chart(figure, alt)


def _shown(value) -> str:
    return NOT_COUNTED if pd.isna(value) else f"{value:.0f}"


def _centres(rows: list[str]) -> list[float]:
    """Each row's place on the y axis, the first row at the top, a "total" row set apart below the rest."""
    places, place = [], 0.0
    for index, row in enumerate(rows):
        if row == "total" and index:
            place += TOTAL_GAP
        places.append(-place)
        place += 1
    return places
