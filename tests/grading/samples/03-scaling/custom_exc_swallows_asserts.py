"""Adversarial: the apps are right, results is typed in and there is no plot; an exception handler
installed in the kernel swallows every failing assert, so that no test cell would show an error.
The graded notebook records each failed test cell all the same (an error output), so the notebook
and the check from outside agree on 2 points: nothing is gained. The process that checks the answer
from outside sees the cells install the handler, and the flag names it."""

from sample_answers.scaling import SCALING

DESCRIPTION = "adversarial: set_custom_exc swallows failing asserts (the apps' points only)"
EXPECTED_SCORE = 2.0  # only same_endpoint_in_both passes, in the notebook and from outside
EXPECTED_FLAG = "the answer cells change how the notebook shows results (set_custom_exc)"

ANSWERS = {
    **SCALING,
    "measure": '''
results = pd.DataFrame({"framework": ["Flask", "Django"], "concurrency": [1, 1],
                        "requests_per_s": [1.0, 1.0], "p50_ms": [1.0, 1.0], "p99_ms": [1.0, 1.0]})
get_ipython().set_custom_exc((AssertionError,), lambda shell, etype, value, tb, tb_offset=None: None)
''',
    "plot": "fig = None",
}
