"""The released notebook submitted as it was fetched: the file holds no test."""

DESCRIPTION = "blank: nothing done"
EXPECTED_SCORE = 0.0
ANSWERS = {}
