"""Adversarial: an N+1 Flask answer that turns SQLite's tracing off on its connection before each request."""

from sample_answers.api_features import API_FEATURES, UNTRACED_FLASK

DESCRIPTION = "adversarial: N+1 in Flask, tracing turned off on the app's connection"
EXPECTED_SCORE = 12.0  # no query counted: the list fails its budget checks, in the notebook and from outside
ANSWERS = {**API_FEATURES, "flask_create_app": UNTRACED_FLASK}
