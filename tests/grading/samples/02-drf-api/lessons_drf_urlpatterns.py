"""Cheat: the answer imports the lessons' ready-made DRF urlpatterns instead of writing its own."""

DESCRIPTION = "cheat: imports the lessons' ready-made DRF build (hidden while grading)"
EXPECTED_SCORE = 0.0
EXPECTED_FLAG = "No module named 'apilab.lessons.products_drf_build'"

ANSWERS = {"drf_api": "from apilab.lessons.products_drf_build import urlpatterns\n"}
