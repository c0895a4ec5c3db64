"""Figure: what each layer of the benchmark ladder costs, with its spread (lesson Scalability).

``ladder_costs_chart(costs)`` takes the table ``apilab.measure.bench_ladder.ladder_costs`` makes
(columns ``framework``, ``layer``, ``µs per request``, ``lowest``, ``highest``) and draws one
horizontal bar per layer, in its framework's colour: the median round's cost, and a line from
the lowest to the highest round's.
"""

from __future__ import annotations

import pandas as pd

from apilab.measure.charts import Chart, framework_colour, new_figure

COST = "µs per request"
COLUMNS = ["framework", "layer", COST, "lowest", "highest"]


def _checked(costs) -> pd.DataFrame:
    if not isinstance(costs, pd.DataFrame) or costs.empty or not set(COLUMNS) <= set(costs.columns):
        got = list(costs.columns) if isinstance(costs, pd.DataFrame) else type(costs).__name__
        raise ValueError(f"ladder_costs_chart needs a non-empty DataFrame with the columns {COLUMNS} "
                         f"(bench_ladder.ladder_costs makes one), got {got}")
    numbers = costs[[COST, "lowest", "highest"]]
    if not all(pd.api.types.is_numeric_dtype(numbers[column]) for column in numbers):
        raise ValueError(f"ladder_costs_chart needs numbers in the columns {COST!r}, 'lowest' and 'highest'")
    if ((numbers["lowest"] > numbers[COST]) | (numbers[COST] > numbers["highest"])).any():
        raise ValueError("ladder_costs_chart needs lowest <= µs per request <= highest in every row")
    return costs


def ladder_costs_chart(costs: pd.DataFrame) -> Chart:
    """One bar per layer: the µs per request it adds (median round), a line from the lowest to the highest round."""
    costs = _checked(costs).reset_index(drop=True)
    labels = [f"{row.framework}: {row.layer}" for row in costs.itertuples()]
    positions = list(range(len(costs)))[::-1]              # the table's first row at the top
    figure = new_figure(9.0, 0.5 * len(costs) + 1.8)
    axes = figure.add_subplot()
    axes.barh(positions, costs[COST], color=[framework_colour(name) for name in costs["framework"]],
              xerr=[costs[COST] - costs["lowest"], costs["highest"] - costs[COST]],
              error_kw={"ecolor": "#333333", "capsize": 4, "linewidth": 1.2})
    axes.axvline(0, color="#333333", linewidth=0.8)
    axes.set_yticks(positions, labels)
    axes.set_xlabel("µs per request added (bar: median round; line: lowest to highest)")
    axes.set_title("What each layer of the benchmark ladder costs")
    axes.grid(True, axis="x", alpha=0.3)
    alt = ("Horizontal bar chart of the microseconds per request each layer of the benchmark ladder adds, "
           "median round (lowest to highest round): "
           + "; ".join(f"{label} {row[COST]:.0f} ({row['lowest']:.0f} to {row['highest']:.0f})"
                       for label, (_, row) in zip(labels, costs.iterrows(), strict=True)) + ".")
    return Chart(figure, alt)
