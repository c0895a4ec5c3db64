"""The solution's suite and one test of what the contract leaves free: a price sent as "100" refused.

The Flask build refuses it, the DRF build accepts it: the test fails on a correct build, so it does not
count and costs half a point of the first cell (1.5 of 2); the others catch everything.
"""

from sample_answers.api_tests import SUITE

DESCRIPTION = "wrong: one test fails on the correct DRF build"
EXPECTED_SCORE = 9.5
ANSWERS = {"suite": SUITE + '''

def test_a_price_as_text_is_refused(api):
    assert api.post(PRODUCTS, json={"name": "Lamp", "price_cents": "100"}).status_code == 400
'''}
