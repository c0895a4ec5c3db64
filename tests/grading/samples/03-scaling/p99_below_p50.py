"""Its own client computes the 1st percentile and calls it p99_ms."""

from sample_answers import with_edit
from sample_answers.scaling import MEASURE_BY_HAND, SCALING

DESCRIPTION = "wrong: p99_ms below p50_ms (np.percentile(latencies, 1))"
EXPECTED_SCORE = 7.0

ANSWERS = {
    **SCALING,
    "measure": with_edit(MEASURE_BY_HAND, old="np.percentile(latencies, 99)", new="np.percentile(latencies, 1)"),
}
