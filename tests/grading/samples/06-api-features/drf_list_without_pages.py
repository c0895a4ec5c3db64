"""DRF's list is a plain array: the pages cost their cell and the filters' check of pages, nothing more."""

from sample_answers.api_features import API_FEATURES, DJANGO_NO_PAGES

DESCRIPTION = "partial: DRF lists without pages (no pagination_class)"
# django_pages: 0 of 2; django_filters: 3 of 4 checks (filters with pages) = 0.75 of 1.
EXPECTED_SCORE = 11.75
ANSWERS = {**API_FEATURES, "django_views": DJANGO_NO_PAGES}
