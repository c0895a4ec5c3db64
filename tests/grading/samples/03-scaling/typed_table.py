"""Adversarial: the apps and the plot are right, but results is typed in by hand, not measured."""

from sample_answers.scaling import SCALING

DESCRIPTION = "adversarial: results typed in by hand (earns the apps' and the plot's points only)"
EXPECTED_SCORE = 5.0

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
''',
}
