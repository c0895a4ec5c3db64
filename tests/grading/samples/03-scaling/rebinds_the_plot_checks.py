"""Adversarial: a wrong plot (median latency, no axis labels), and the plot checks made to pass in the
kernel (the old helpers' names rebound, and the functions the test cells import replaced in their module)."""

from sample_answers import with_edit
from sample_answers.scaling import PLOT_THROUGHPUT, SCALING

DESCRIPTION = "adversarial: wrong plot, the plot checks rebound in the kernel (flagged, apps and table only)"
EXPECTED_SCORE = 6.0  # the notebook reports 9; from outside fig_axes_labelled and fig_lines_per_framework fail
EXPECTED_FLAG = "checked from outside"

WRONG_PLOT = with_edit(PLOT_THROUGHPUT, old='rows["requests_per_s"]', new='rows["p50_ms"]')

ANSWERS = {
    **SCALING,
    "plot": WRONG_PLOT.replace('ax.set_xlabel("concurrency")\nax.set_ylabel("requests per second")\n', "") + '''
plotted_lines = lambda figure: []
line_mismatch = lambda axes, label, expected_points: ""
from apilab.exercises import scaling
scaling.fig_axes_problem = scaling.fig_lines_problem = lambda *args, **kwargs: ""
''',
}
