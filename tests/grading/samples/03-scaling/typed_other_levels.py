"""Cheat: results typed in by hand at levels the exercise does not use (1, 3, 7), with plausible numbers (inside
the notebook's own re-measurement's window, so the notebook reports 9): the measurement, run again against slow
stand-in apps, shows nothing of them."""

from sample_answers.scaling import SCALING

DESCRIPTION = "cheat: a table typed by hand at other levels (apps and plot only)"
EXPECTED_SCORE = 5.0
EXPECTED_FLAG = "checked from outside, the API earns"

ANSWERS = {
    **SCALING,
    "measure": '''
results = pd.DataFrame({
    "framework": ["Flask"] * 3 + ["Django"] * 3,
    "concurrency": [1, 3, 7] * 2,
    "requests_per_s": [250.0, 350.0, 400.0, 200.0, 260.0, 300.0],
    "p50_ms": [1.1, 1.9, 3.6, 1.6, 2.6, 4.9],
    "p99_ms": [2.4, 4.0, 7.7, 3.3, 5.5, 9.8],
})
''',
}
