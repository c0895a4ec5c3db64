"""A typical mistake: DELETE answers 200 with a message instead of 204."""

from sample_answers import with_edit
from sample_answers.drf_api import DRF_FUNCTION_VIEWS

DESCRIPTION = 'wrong: DELETE answers 200 with a message'
EXPECTED_SCORE = 19.0

ANSWERS = {
    "drf_api": with_edit(
        DRF_FUNCTION_VIEWS,
        old="return Response(status=status.HTTP_204_NO_CONTENT)",
        new='return Response({"message": "Product deleted."})'),
}
