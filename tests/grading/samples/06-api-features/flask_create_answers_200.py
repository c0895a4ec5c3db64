"""Flask answers 200 instead of 201 when a review is created: one check of the reviews cell."""

from sample_answers.api_features import API_FEATURES, FLASK_CREATE_200

DESCRIPTION = "partial: POST /api/products/<id>/reviews/ answers 200 in Flask"
EXPECTED_SCORE = 13.67  # flask_reviews: 5 of 6 checks = 1.67 of 2
ANSWERS = {**API_FEATURES, "flask_create_app": FLASK_CREATE_200}
