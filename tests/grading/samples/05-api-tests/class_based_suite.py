"""A correct suite in another style: test classes, a fixture of its own, HTTPStatus names."""

from sample_answers.api_tests import CLASS_SUITE

DESCRIPTION = "correct, other style: test classes and a fixture of its own"
EXPECTED_SCORE = 10.0
ANSWERS = {"suite": CLASS_SUITE}
