"""The released notebook submitted as it was fetched."""

DESCRIPTION = "blank: nothing done"
EXPECTED_SCORE = 0.0
# Checked from outside, the answer cells raise as released: the instructor is told so.
EXPECTED_FLAG = "an answer cell failed: NotImplementedError"
ANSWERS = {}
