"""The sample catalogue is the same on every call, varied enough to filter, and refuses bad sizes."""

import pytest

from apilab.lessons.sample_catalogue import sample_catalogue


def test_the_catalogue_is_the_same_on_every_call_and_has_the_sizes_asked_for():
    catalogue = sample_catalogue(products=20, reviews_each=4)
    assert catalogue == sample_catalogue(products=20, reviews_each=4)
    assert len(catalogue) == 20 and all(len(item["reviews"]) == 4 for item in catalogue)
    assert len({item["name"] for item in catalogue}) == 20  # names repeat with a number, never exactly


def test_the_catalogue_has_something_to_filter_on():
    catalogue = sample_catalogue()
    assert {item["in_stock"] for item in catalogue} == {True, False}
    assert len({item["price_cents"] for item in catalogue}) == len(catalogue)
    assert {review["rating"] for item in catalogue for review in item["reviews"]} == {1, 2, 3, 4, 5}


@pytest.mark.parametrize("arguments", [{"products": 0}, {"products": "5"}, {"reviews_each": -1}])
def test_bad_sizes_are_refused_with_the_value(arguments):
    with pytest.raises(ValueError, match="must be a whole number"):
        sample_catalogue(**arguments)
