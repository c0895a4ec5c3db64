"""Figure: what each framework needed to answer one JSON endpoint, measure by measure (lesson Overview).

``footprint_chart(comparison)`` takes the table the lesson computes: one row per measurement (lines we
wrote, settings changed, installed apps, middleware, tables, modules loaded), one column per framework,
whole numbers. The measurements count different things, so each row gets a panel of its own, with its
own scale: one bar per framework, in the framework's colour, and the number at the bar's end.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.ticker import MaxNLocator

from apilab.measure.charts import Chart, framework_colour, new_figure


def _checked(comparison) -> pd.DataFrame:
    if not isinstance(comparison, pd.DataFrame) or comparison.empty or len(comparison.columns) < 2:
        got = type(comparison).__name__ if not isinstance(comparison, pd.DataFrame) else \
            f"{comparison.shape[0]} rows and the columns {list(comparison.columns)}"
        raise ValueError("footprint_chart needs a DataFrame with one row per measurement and a column per "
                         f"framework (two or more), got {got}")
    if not all(pd.api.types.is_numeric_dtype(comparison[column]) for column in comparison.columns):
        raise ValueError("footprint_chart needs numbers in every column, got the types "
                         f"{[str(dtype) for dtype in comparison.dtypes]}")
    if (comparison < 0).any().any():
        raise ValueError("footprint_chart needs counts: no value may be negative")
    return comparison


def footprint_chart(comparison: pd.DataFrame) -> Chart:
    """One panel per measurement (row of ``comparison``), one bar per framework (column), drawn from the table."""
    comparison = _checked(comparison)
    frameworks = [str(column) for column in comparison.columns]
    figure = new_figure(7.5, 1.0 + 1.05 * len(comparison))
    panels = figure.subplots(len(comparison), 1, squeeze=False)[:, 0]
    positions = list(range(len(frameworks)))[::-1]           # the table's first column on top
    for axes, (measure, row) in zip(panels, comparison.iterrows()):
        values = [float(value) for value in row]
        bars = axes.barh(positions, values, color=[framework_colour(name) for name in frameworks], height=0.7)
        axes.bar_label(bars, labels=[f"{value:g}" for value in values], padding=3)
        axes.set_yticks(positions, frameworks)
        axes.set_xlim(0, max(max(values), 1) * 1.15)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_title(str(measure), loc="left", fontsize="medium")
        axes.grid(True, axis="x", alpha=0.3)
        axes.spines[["top", "right"]].set_visible(False)
    panels[-1].set_xlabel("count (each panel has its own scale)")
    figure.suptitle("What each framework needed for one JSON endpoint")
    alt = ("Bar charts, one per measurement, of what each framework needed for one JSON endpoint: "
           + "; ".join(f"{measure}: " + ", ".join(f"{name} {value:g}" for name, value in zip(frameworks, row))
                       for measure, row in comparison.iterrows()) + ".")
    return Chart(figure, alt)
