"""Adversarial: results typed in by hand, and the check that re-measures the apps made to pass in the
kernel (the old helper's name rebound, and the function the test cells import replaced in its module)."""

from sample_answers.scaling import SCALING

DESCRIPTION = "adversarial: typed results, the measured check rebound in the kernel (flagged, apps and plot only)"
EXPECTED_SCORE = 5.0  # the notebook reports 9; from outside results_table and results_numbers fail
EXPECTED_FLAG = "checked from outside"

ANSWERS = {
    **SCALING,
    "measure": '''
results = pd.DataFrame({
    "framework": ["Flask"] * 3 + ["Django"] * 3,
    "concurrency": [1, 2, 4] * 2,
    "requests_per_s": [90000.0, 160000.0, 250000.0, 70000.0, 120000.0, 180000.0],
    "p50_ms": [0.2, 0.3, 0.4, 0.3, 0.4, 0.5],
    "p99_ms": [0.9, 1.1, 1.6, 1.2, 1.4, 2.0],
})
not_measured_here = lambda results, app_folder: []
from apilab.measure import scaling_probe
scaling_probe.measured_problem_here = lambda *args, **kwargs: ""
''',
}
