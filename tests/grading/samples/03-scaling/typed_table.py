"""Adversarial: the apps and the plot are right, but results is typed in by hand, not measured."""

from sample_answers.scaling import SCALING, TYPED_TABLE

DESCRIPTION = "adversarial: results typed in by hand (earns the apps' and the plot's points only)"
EXPECTED_SCORE = 5.0

ANSWERS = {
    **SCALING,
    "measure": TYPED_TABLE,
}
