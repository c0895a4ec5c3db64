"""Adversarial: an N+1 Flask answer that raises the budget the kernel's checks read; the grader's is its own."""

from sample_answers.api_features import API_FEATURES, RAISES_THE_BUDGET

DESCRIPTION = "adversarial: N+1 in Flask, checks.QUERY_BUDGET rebound in the kernel"
EXPECTED_SCORE = 12.0
EXPECTED_FLAG = "checked from outside, the API earns"
ANSWERS = {**API_FEATURES, "flask_create_app": RAISES_THE_BUDGET}
