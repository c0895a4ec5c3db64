"""A correct answer in another style: DRF function views with @api_view, as in DRF's tutorial part 2."""

from sample_answers.drf_api import DRF_FUNCTION_VIEWS

DESCRIPTION = "correct, different style: @api_view function views and explicit paths"
EXPECTED_SCORE = 20.0

ANSWERS = {"drf_api": DRF_FUNCTION_VIEWS}
