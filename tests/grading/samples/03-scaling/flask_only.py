"""Writes both apps but measures and plots Flask alone."""

from sample_answers import with_edit
from sample_answers.scaling import MEASURE_SWEEP, SCALING

DESCRIPTION = "wrong: only one framework measured"
EXPECTED_SCORE = 5.0

ANSWERS = {
    **SCALING,
    "measure": with_edit(
        MEASURE_SWEEP,
        old='[("Flask", "scaling_flask:app"), ("Django", "scaling_django:application")]',
        new='[("Flask", "scaling_flask:app")]'),
}
