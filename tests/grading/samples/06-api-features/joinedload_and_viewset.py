"""Other correct styles: SQLAlchemy's joinedload; a DRF viewset with a FilterSet and an @action for reviews."""

from sample_answers.api_features import DJANGO_VIEWSET, FLASK_JOINEDLOAD

DESCRIPTION = "correct: joinedload; ReadOnlyModelViewSet, FilterSet, @action(detail=True) for the reviews"
EXPECTED_SCORE = 14.0
ANSWERS = {"flask_create_app": FLASK_JOINEDLOAD, "django_views": DJANGO_VIEWSET}
