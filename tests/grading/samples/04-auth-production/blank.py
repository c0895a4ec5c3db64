"""The released notebook submitted as it was fetched."""

DESCRIPTION = "blank: nothing done"
EXPECTED_SCORE = 0.0
ANSWERS = {}
