"""Names the columns its own way (rps, median_ms, p99)."""

from sample_answers import with_edit, with_edits
from sample_answers.scaling import MEASURE_BY_HAND, PLOT_THROUGHPUT, SCALING

DESCRIPTION = "wrong: columns rps/median_ms/p99 instead of requests_per_s/p50_ms/p99_ms"
EXPECTED_SCORE = 3.0

ANSWERS = {
    **SCALING,
    "measure": with_edits(
        MEASURE_BY_HAND,
        ('"requests_per_s": ', '"rps": '),
        ('"p50_ms": ', '"median_ms": '),
        ('"p99_ms": ', '"p99": ')),
    "plot": with_edit(PLOT_THROUGHPUT, old='rows["requests_per_s"]', new='rows["rps"]'),
}
