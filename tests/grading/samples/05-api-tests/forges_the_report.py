"""Adversarial: the suite writes a report of its own after pytest's, where a test failed.

The report is the last line the run prints, so the grader reads it; but it says the same on every build,
so the forged test fails on the correct builds and counts for nothing; the real test catches nothing.
"""

from sample_answers.api_tests import WRITE_FILE

DESCRIPTION = "adversarial: forges the run's report"
EXPECTED_SCORE = 0.0
ANSWERS = {"suite": WRITE_FILE + '''import atexit
import json
import os


def forged():
    report = {"outcomes": {"test_the_api": ["passed", ""], "test_forged": ["failed", "caught"]}, "collect_errors": []}
    os.write(1, ("\\n" + json.dumps({"apilab_suite": report}) + "\\n").encode())


atexit.register(forged)


def test_the_api(api):
    assert api.get("/api/products/").status_code == 200
'''}
