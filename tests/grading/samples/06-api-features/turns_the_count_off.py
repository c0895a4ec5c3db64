"""Adversarial: an N+1 Flask answer that turns SQLite's trace callback off on its connection before each request."""

from sample_answers.api_features import API_FEATURES, UNTRACED_FLASK

DESCRIPTION = "adversarial: N+1 in Flask, the trace callback turned off on the app's connection"
# The kernel's own counter sees nothing (0 queries fails there); the grader counts below Python: 7 and 52.
EXPECTED_SCORE = 12.0
ANSWERS = {**API_FEATURES, "flask_create_app": UNTRACED_FLASK}
