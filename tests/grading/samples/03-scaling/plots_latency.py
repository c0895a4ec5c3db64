"""Plots the median latency instead of the throughput."""

from sample_answers import with_edit
from sample_answers.scaling import PLOT_THROUGHPUT, SCALING

DESCRIPTION = "wrong: fig plots p50_ms, not requests_per_s"
EXPECTED_SCORE = 7.0

ANSWERS = {**SCALING, "plot": with_edit(PLOT_THROUGHPUT, old='rows["requests_per_s"]', new='rows["p50_ms"]')}
