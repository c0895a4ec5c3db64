"""Adversarial: results typed in by hand, and the check that re-measures the apps made to pass in the
kernel (the old helper's name rebound, and the function the test cells import replaced in its module)."""

from sample_answers.scaling import SCALING, TYPED_TABLE

DESCRIPTION = "adversarial: typed results, the measured check rebound in the kernel (flagged, apps and plot only)"
EXPECTED_SCORE = 5.0  # the notebook reports 9; from outside results_table and results_numbers fail
EXPECTED_FLAG = "checked from outside"

ANSWERS = {
    **SCALING,
    "measure": TYPED_TABLE + '''
not_measured_here = lambda results, app_folder: []
from apilab.exercises import scaling
scaling.measured_problem_here = lambda *args, **kwargs: ""
''',
}
