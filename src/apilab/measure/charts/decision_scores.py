"""Figure: the decision guide's scores for each use case, Flask beside Django (lesson Choosing).

``decision_scores_chart(scores)`` takes the table ``compare_use_cases(evidence)`` returns: one row
per use case, with the columns ``Flask`` and ``Django`` (the points the guide gave each side) and
``recommendation``. It draws each use case as two horizontal bars, each side in its framework's
colour, and names the guide's recommendation beside the use case.
"""

from __future__ import annotations

import pandas as pd

from apilab.measure.charts import Chart, framework_colour, new_figure

BAR_HEIGHT = 0.38
SIDES = ("Flask", "Django")
NEEDED = (*SIDES, "recommendation")


def _checked(scores) -> pd.DataFrame:
    if not isinstance(scores, pd.DataFrame) or scores.empty or not set(NEEDED) <= set(scores.columns):
        got = (f"the columns {list(scores.columns)} and {len(scores)} rows" if isinstance(scores, pd.DataFrame)
               else type(scores).__name__)
        raise ValueError("decision_scores_chart needs the table compare_use_cases() returns: a row per use case "
                         f"with the columns {', '.join(NEEDED)}; got {got}")
    points = scores[list(SIDES)].apply(pd.to_numeric, errors="coerce")
    if points.isna().any().any() or any(pd.api.types.is_bool_dtype(points[side]) for side in SIDES):
        raise ValueError("decision_scores_chart needs a number of points in every Flask and Django cell")
    if (points < 0).any().any():
        raise ValueError("decision_scores_chart needs points of 0 or more")
    return points.assign(recommendation=scores["recommendation"].astype(str))


def decision_scores_chart(scores: pd.DataFrame) -> Chart:
    """Each use case of ``scores`` as two bars, the guide's points for Flask and for Django, in their colours."""
    scores = _checked(scores)
    rows = [str(row) for row in scores.index]
    centres = list(range(len(rows)))[::-1]                  # the table's first row at the top
    figure = new_figure(8.0, 0.75 * len(rows) + 1.6)
    axes = figure.add_subplot()
    for offset, side in zip((BAR_HEIGHT / 2, -BAR_HEIGHT / 2), SIDES):
        positions = [centre + offset for centre in centres]
        bars = axes.barh(positions, scores[side], height=BAR_HEIGHT, color=framework_colour(side), label=side)
        axes.bar_label(bars, fmt="%g", padding=3, fontsize=9)
    axes.set_yticks(centres, [f"{row}\n→ {advice}" for row, advice in zip(rows, scores.recommendation)])
    axes.set_xlabel("points the decision guide gives each side (hand-set and measured weights)")
    axes.set_title("The decision guide's scores for each use case")
    axes.margins(x=0.12)
    axes.grid(True, axis="x", alpha=0.3)
    axes.legend(loc="best", frameon=False)
    alt = ("Horizontal bar chart of the decision guide's points for Flask and for Django per use case: "
           + "; ".join(f"{row} Flask {scores.at[row, 'Flask']:g}, Django {scores.at[row, 'Django']:g} "
                       f"({scores.at[row, 'recommendation']})" for row in scores.index)
           + ".")
    return Chart(figure, alt)
