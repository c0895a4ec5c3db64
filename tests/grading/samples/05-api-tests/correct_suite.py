"""The solution's suite: every rule of the contract, plain test functions."""

from sample_answers.api_tests import API_TESTS

DESCRIPTION = "correct: the solution's suite"
EXPECTED_SCORE = 10.0
ANSWERS = API_TESTS
