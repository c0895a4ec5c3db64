"""A typical mistake: PATCH uses the serializer without partial=True, so it needs every field."""

from sample_answers import with_edit
from sample_answers.drf_api import DRF_FUNCTION_VIEWS

DESCRIPTION = 'wrong: PATCH not partial'
EXPECTED_SCORE = 19.59

ANSWERS = {
    "drf_api": with_edit(DRF_FUNCTION_VIEWS, old='partial=request.method == "PATCH"', new="partial=False"),
}
