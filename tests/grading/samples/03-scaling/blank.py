"""The released notebook submitted as it was fetched."""

DESCRIPTION = "blank: nothing done"
EXPECTED_SCORE = 0.0
EXPECTED_FLAG = "checked from outside: an answer cell failed: NotImplementedError"  # its answer cells still raise NotImplementedError
ANSWERS = {}
