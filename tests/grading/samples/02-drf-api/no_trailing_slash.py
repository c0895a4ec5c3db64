"""A typical mistake: URLs without the trailing slash the contract requires.

It costs the check "paths end with a slash" in each run of each cell (2.11 of 20 points); every
other check runs on the paths without the slash and passes."""

from sample_answers import with_edits
from sample_answers.drf_api import DRF_GENERIC_VIEWS

DESCRIPTION = 'wrong: paths api/products and api/products/<pk> without a trailing slash'
EXPECTED_SCORE = 17.93  # with the Allow checks of the errors group

ANSWERS = {
    "drf_api": with_edits(
        DRF_GENERIC_VIEWS,
        ('path("api/products/", ', 'path("api/products", '),
        ('path("api/products/<int:pk>/", ', 'path("api/products/<int:pk>", ')),
}
