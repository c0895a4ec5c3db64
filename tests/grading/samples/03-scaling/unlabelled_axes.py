"""Plots the right lines but labels neither axis."""

from sample_answers import with_edit
from sample_answers.scaling import PLOT_THROUGHPUT, SCALING

DESCRIPTION = "wrong: no x or y axis label"
EXPECTED_SCORE = 8.0

ANSWERS = {
    **SCALING,
    "plot": with_edit(
        PLOT_THROUGHPUT,
        old='''ax.set_xlabel("concurrent clients")
ax.set_ylabel("requests per second")
''',
        new=""),
}
