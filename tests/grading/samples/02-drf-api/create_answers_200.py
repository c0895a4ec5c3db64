"""A typical mistake: the create view forgets status=201, so POST answers 200."""

from sample_answers import with_edit
from sample_answers.drf_api import DRF_FUNCTION_VIEWS

DESCRIPTION = 'wrong: POST answers 200, not 201'
EXPECTED_SCORE = 17.33

ANSWERS = {
    "drf_api": with_edit(
        DRF_FUNCTION_VIEWS,
        old="return Response(serializer.data, status=status.HTTP_201_CREATED)",
        new="return Response(serializer.data)"),
}
