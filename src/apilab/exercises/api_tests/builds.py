"""The builds a learner's test suite meets in exercise 5, by name: two correct ones, and ten with one bug each.

The correct builds are the course's ready-made Products API in Flask and in DRF;
a suite must pass on both. Each buggy build is the Flask one with one mistake a
learner makes, named here with what it gets wrong (the feedback's words); the
builds themselves are made in ``apilab.lessons.buggy_builds`` (this layer does not
import the lessons') by the builds server, a process of its own. More buggy
builds are kept in the instructor's copy (``solutions/05-api-tests/hidden_builds.py``,
which nbgrader never releases), run by the grader only.
"""

from __future__ import annotations

from dataclasses import dataclass

CORRECT = ("flask", "drf")  # the correct builds, by name


@dataclass(frozen=True)
class Bug:
    """One buggy build: its name and what it gets wrong, in words."""

    name: str
    what: str


BUGS = (
    Bug("create_answers_200", "POST answers 200 instead of 201"),
    Bug("delete_answers_200", "DELETE answers 200 with a message instead of 204 and no body"),
    Bug("negative_price_accepted", "a negative price_cents is accepted"),
    Bug("blank_name_accepted", "a name of spaces only is accepted"),
    Bug("missing_as_html", "an unknown id answers 404 with an HTML page, not JSON"),
    Bug("no_allow_header", "a 405 has no Allow header"),
    Bug("list_in_stock_only", "the list leaves out the products not in stock"),
    Bug("patch_needs_every_field", "PATCH demands every field, as PUT does"),
    Bug("change_not_saved", "PUT and PATCH answer the changed product but do not store it"),
    Bug("delete_keeps_product", "DELETE answers 204 but the product is still there"),
)
