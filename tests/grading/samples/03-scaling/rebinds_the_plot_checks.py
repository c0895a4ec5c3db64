"""Adversarial: a wrong plot (median latency, no axis labels), and the plot checks made to pass in the
kernel (the old helpers' names rebound, and the functions the test cells import replaced in their module)."""

from sample_answers import with_edits
from sample_answers.scaling import PLOT_THROUGHPUT, SCALING

DESCRIPTION = "adversarial: wrong plot, the plot checks rebound in the kernel (flagged, apps and table only)"
EXPECTED_SCORE = 6.0  # the notebook reports 9; from outside fig_axes_labelled and fig_lines_per_framework fail
EXPECTED_FLAG = "checked from outside"

WRONG_PLOT = with_edits(PLOT_THROUGHPUT, ('rows["requests_per_s"]', 'rows["p50_ms"]'),
                        ('ax.set_xlabel("concurrent clients")\nax.set_ylabel("requests per second")\n', ""))

ANSWERS = {
    **SCALING,
    "plot": WRONG_PLOT + '''
plotted_lines = lambda figure: []
line_mismatch = lambda axes, label, expected_points: ""
from apilab.exercises import scaling
scaling.fig_axes_problem = scaling.fig_lines_problem = lambda *args, **kwargs: ""
''',
}
