"""A correct answer in another style: DRF's generic class-based views, as in DRF's tutorial part 3."""

from sample_answers.drf_api import DRF_GENERIC_VIEWS

DESCRIPTION = "correct, different style: ListCreateAPIView + RetrieveUpdateDestroyAPIView"
EXPECTED_SCORE = 20.0

ANSWERS = {"drf_api": DRF_GENERIC_VIEWS}
