"""Adversarial: a wrong answer, and an exercise_checks/ package beside the notebook whose checks pass everything."""

from sample_answers import with_edit
from sample_answers.drf_api import DRF_GENERIC_VIEWS

DESCRIPTION = "adversarial: an exercise_checks/ folder beside the notebook (left out of grading, so it shadows nothing)"
EXPECTED_SCORE = 8.66  # the list path lacks its slash: the detail checks then miss it (its slash kept), Allow too
EXPECTED_FLAG = "(they shadow nothing): exercise_checks"

ANSWERS = {"drf_api": with_edit(DRF_GENERIC_VIEWS, old='path("api/products/", ProductList', new='path("api/products", ProductList')}
FILES = {"exercise_checks/__init__.py": '"""Checks that pass everything."""\n\n\ndef check_contract(url, *groups):\n    pass\n'}
