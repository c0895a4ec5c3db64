"""The decision guide's figure of lesson Choosing: drawn from the scores it is given, in the frameworks' colours."""

import matplotlib.colors
import pandas as pd
import pytest

from apilab.lessons.decision_guide import compare_use_cases
from apilab.measure.charts import DJANGO_COLOUR, FLASK_COLOUR
from apilab.measure.charts.decision_scores import decision_scores_chart


def bars(chart):
    (axes,) = chart.figure.axes
    return axes.patches


def test_the_chart_is_drawn_from_the_guides_scores():
    scores = compare_use_cases()
    changed = compare_use_cases({"flask_worker_mib": 30.0, "drf_worker_mib": 60.0})   # Flask's memory ahead
    chart, other = decision_scores_chart(scores), decision_scores_chart(changed)
    first = scores.index[0]
    assert (f"{first} Flask {scores.at[first, 'Flask']}, Django {scores.at[first, 'Django']} "
            f"({scores.at[first, 'recommendation']})") in chart.alt
    assert chart.alt != other.alt and chart.png() != other.png()
    widths = sorted(bar.get_width() for bar in bars(chart))
    assert widths == sorted(scores.Flask.tolist() + scores.Django.tolist())


def test_one_bar_per_use_case_and_side_in_the_frameworks_colours():
    scores = compare_use_cases()
    chart = decision_scores_chart(scores)
    assert len(bars(chart)) == 2 * len(scores)
    colours = [matplotlib.colors.to_hex(bar.get_facecolor()).lower() for bar in bars(chart)]
    assert colours == [FLASK_COLOUR.lower()] * len(scores) + [DJANGO_COLOUR.lower()] * len(scores)
    (axes,) = chart.figure.axes
    assert axes.get_xlabel().startswith("points") and axes.get_title()
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels == [f"{row}\n→ {advice}" for row, advice in zip(scores.index, scores.recommendation)]


@pytest.mark.parametrize("bad, says", [
    ("scores", "got str"),
    (pd.DataFrame(), "needs the table compare_use_cases() returns"),
    (pd.DataFrame({"Flask": [1], "Django": [2]}), "recommendation"),
    (pd.DataFrame({"Flask": ["many"], "Django": [2], "recommendation": ["Django"]}), "a number of points"),
    (pd.DataFrame({"Flask": [True], "Django": [2], "recommendation": ["Django"]}), "a number of points"),
    (pd.DataFrame({"Flask": [-1], "Django": [2], "recommendation": ["Django"]}), "0 or more"),
])
def test_bad_input_gives_one_readable_error(bad, says):
    with pytest.raises(ValueError, match="decision_scores_chart") as raised:
        decision_scores_chart(bad)
    assert says in str(raised.value)
