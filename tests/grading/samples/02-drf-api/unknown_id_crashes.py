"""A typical mistake: Product.objects.get without handling DoesNotExist: unknown ids (and deleted ones) answer 500."""

from sample_answers import with_edit
from sample_answers.drf_api import DRF_FUNCTION_VIEWS

DESCRIPTION = 'wrong: unknown ids crash with 500 instead of 404'
EXPECTED_SCORE = 16.5

ANSWERS = {
    "drf_api": with_edit(
        DRF_FUNCTION_VIEWS,
        old="product = get_object_or_404(Product, pk=pk)",
        new="product = Product.objects.get(pk=pk)"),
}
