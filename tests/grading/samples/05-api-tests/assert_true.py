"""A suite that passes everywhere and so catches nothing: no points, not even for passing on the correct builds."""

from sample_answers.api_tests import WRITE_FILE

DESCRIPTION = "wrong: one test, assert True"
EXPECTED_SCORE = 0.0
ANSWERS = {"suite": WRITE_FILE + "def test_the_api(api):\n    assert True\n"}
