"""Adversarial: a correct answer, and the read-only setup cell rewritten (restored at grading)."""

from sample_answers.drf_api import DRF_GENERIC_VIEWS

DESCRIPTION = "adversarial: read-only setup cell edited (the course's setup runs at grading)"
EXPECTED_SCORE = 20.0
EXPECTED_FLAG = "read-only cell setup was edited"

ANSWERS = {"drf_api": DRF_GENERIC_VIEWS}


def edit(nb):
    """Rewrite the setup cell."""
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "setup":
            cell.source = "import apilab\napilab.setup_django(DEBUG=True)\nfrom apilab.django_project.shop.models import Product"
