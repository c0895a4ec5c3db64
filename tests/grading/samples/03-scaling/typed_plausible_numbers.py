"""Adversarial: results typed in with numbers copied from a benchmark of a big server (realistic
latencies, p50 below p99, throughput that grows with concurrency), and the kernel's re-measurement
replaced so that it agrees with them. Measured again from outside, the apps are far slower."""

from sample_answers.scaling import SCALING

DESCRIPTION = "adversarial: plausible typed numbers, re-measurement faked in the kernel (flagged, apps and plot only)"
EXPECTED_SCORE = 5.0  # the notebook reports 9; from outside results_table and results_numbers fail
EXPECTED_FLAG = "checked from outside"

ANSWERS = {
    **SCALING,
    "measure": '''
results = pd.DataFrame({
    "framework": ["Flask"] * 3 + ["Django"] * 3,
    "concurrency": CONCURRENCY_LEVELS * 2,
    "requests_per_s": [35000.0, 68000.0, 120000.0, 26000.0, 50000.0, 90000.0],
    "p50_ms": [0.05, 0.05, 0.06, 0.07, 0.07, 0.08],
    "p99_ms": [0.12, 0.14, 0.19, 0.16, 0.19, 0.25],
})
from apilab.exercises.scaling import probe
probe.remeasure = lambda app_folder, key, concurrency: {"flask": 120000.0, "django": 90000.0}[key]
''',
}
