"""Both builds read each product's reviews with a query of their own: over the budget, right in every other way."""

from sample_answers.api_features import DJANGO_N_PLUS_ONE, FLASK_N_PLUS_ONE

DESCRIPTION = "partial: the N+1 problem in both (7 and 52 queries for pages of 5 and 50 in Flask)"
EXPECTED_SCORE = 10.0  # both budget cells (2 points each) lost, nothing else
ANSWERS = {"flask_create_app": FLASK_N_PLUS_ONE, "django_views": DJANGO_N_PLUS_ONE}
