"""The solution's answers: SQLAlchemy with selectinload and db.paginate; DRF generic views with prefetch_related."""

from sample_answers.api_features import API_FEATURES

DESCRIPTION = "correct: selectinload and db.paginate; generic views, django-filter, prefetch_related"
EXPECTED_SCORE = 14.0
ANSWERS = API_FEATURES
