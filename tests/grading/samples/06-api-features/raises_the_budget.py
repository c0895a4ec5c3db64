"""Adversarial: an N+1 Flask answer that raises the budget the kernel's checks read; the grader's is its own."""

from sample_answers.api_features import API_FEATURES, RAISES_THE_BUDGET

DESCRIPTION = "adversarial: N+1 in Flask, checks.QUERY_BUDGET rebound in the kernel"
EXPECTED_SCORE = 12.0
# No flag: while graded, the kernel runs none of the checks of cells with hidden tests (apilab.grading.checks_once):
# the grader runs them once, from outside; the notebook reports 0 there, as an honest one does: nothing to see.
ANSWERS = {**API_FEATURES, "flask_create_app": RAISES_THE_BUDGET}
