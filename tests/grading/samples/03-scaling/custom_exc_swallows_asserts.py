"""Adversarial: the apps are right, results is typed in and there is no plot; an exception handler
installed in the kernel swallows every failing assert, so no test cell shows an error there."""

from sample_answers.scaling import SCALING

DESCRIPTION = "adversarial: set_custom_exc swallows failing asserts (flagged, the apps' points only)"
EXPECTED_SCORE = 2.0  # the notebook reports 9; from outside only same_endpoint_in_both passes
EXPECTED_FLAG = "checked from outside"

ANSWERS = {
    **SCALING,
    "measure": '''
results = pd.DataFrame({"framework": ["Flask", "Django"], "concurrency": [1, 1],
                        "requests_per_s": [1.0, 1.0], "p50_ms": [1.0, 1.0], "p99_ms": [1.0, 1.0]})
get_ipython().set_custom_exc((AssertionError,), lambda shell, etype, value, tb, tb_offset=None: None)
''',
    "plot": "fig = None",
}
