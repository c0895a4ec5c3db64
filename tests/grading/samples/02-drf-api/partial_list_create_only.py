"""A partial answer: the list and create view only; no detail URL."""

from sample_answers import with_edit
from sample_answers.drf_api import DRF_GENERIC_VIEWS

DESCRIPTION = 'partial: list and create only'
EXPECTED_SCORE = 9.2  # without detail routes the 405 and Allow checks on /api/products/{id}/ fail too

ANSWERS = {
    "drf_api": with_edit(
        DRF_GENERIC_VIEWS,
        old='''    path("api/products/<int:pk>/", ProductDetail.as_view()),
''',
        new=""),
}
