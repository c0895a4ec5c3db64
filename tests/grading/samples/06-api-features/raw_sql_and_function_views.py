"""Other correct styles: Flask on sqlite3 alone with one LEFT JOIN a page; DRF function views with a Prefetch."""

from sample_answers.api_features import DJANGO_FUNCTION_VIEWS, FLASK_RAW_SQL

DESCRIPTION = "correct: sqlite3 and SQL of its own (a JOIN); DRF function views, a paginator called by hand"
EXPECTED_SCORE = 14.0
ANSWERS = {"flask_create_app": FLASK_RAW_SQL, "django_views": DJANGO_FUNCTION_VIEWS}
