"""Cheat: a table typed by hand that tells the grader's second run apart (the app files it is about to measure are
not its own) and then types slow numbers, with the notebook's own re-measurement made to agree. The delay of the
stand-ins is the grader's secret and their requests are counted by the grader: typed numbers cannot match them.
Its written answer holds a script, an image with an onerror and a javascript: link (rendered by nbgrader's
feedback and formgrade templates, which do not sanitize markdown themselves)."""

from sample_answers.scaling import SCALING

DESCRIPTION = "cheat: a typed table that detects the stand-in apps and types slow numbers for them"
EXPECTED_SCORE = 5.0
EXPECTED_FLAG = "checked from outside, the API earns"
SCRIPTED_MARKDOWN = ("My notes: [see my plot](javascript:alert(document.cookie)) "
                     "<img src=x onerror=alert(2)><script>alert('written answer')</script>")

ANSWERS = {
    **SCALING,
    "interpretation": SCRIPTED_MARKDOWN,
    "measure": '''
_own = "from flask import Flask" in open(os.path.join(APP_FOLDER, "scaling_flask.py")).read()
_p50 = [1.2, 1.9, 3.1, 2.0, 3.2, 5.5] if _own else [230.0, 240.0, 260.0, 235.0, 250.0, 270.0]
results = pd.DataFrame({
    "framework": ["Flask"] * 3 + ["Django"] * 3,
    "concurrency": CONCURRENCY_LEVELS * 2,
    "requests_per_s": [800.0, 1000.0, 1200.0, 500.0, 600.0, 700.0],
    "p50_ms": _p50,
    "p99_ms": [p * 2 for p in _p50],
})
from apilab.exercises.scaling import probe as _probe
_probe.remeasure = lambda app_folder, key, concurrency: {"flask": 1200.0, "django": 700.0}[key]
''',
}
