"""A typical mistake: URLs without the trailing slash the contract requires."""

from sample_answers import with_edits
from sample_answers.drf_api import DRF_GENERIC_VIEWS

DESCRIPTION = 'wrong: paths api/products and api/products/<pk> without a trailing slash'
EXPECTED_SCORE = 0.0

ANSWERS = {
    "drf_api": with_edits(
        DRF_GENERIC_VIEWS,
        ('path("api/products/", ', 'path("api/products", '),
        ('path("api/products/<int:pk>/", ', 'path("api/products/<int:pk>", ')),
}
