"""The graded exercises, each in a place of its own: its test cells, its checks, how the grader decides.

``EXERCISES`` maps an assignment to its ``Exercise`` (``spec``): the graded
cells with their points, the requests its verification process answers beside
the learner's code, and how the grader runs every cell's checks from outside.
``products_api`` holds exercises 1 and 2 (the Products API in Flask and in
DRF), ``scaling`` exercise 3, ``auth_production`` exercise 4, ``api_tests``
exercise 5, ``api_features`` exercise 6. What every exercise's test cells
share in the learner's kernel (the checks a cell ran, its points, hints, the
summary) is ``kernel``; ``hints`` says what commonly causes a failed contract
check. The grading pipeline (``apilab.grading``) looks an exercise up here and
knows nothing particular to one.

It may import ``apilab.measure``, ``apilab.contract``,
``apilab.django_project`` and ``apilab.serving``; ``grading`` and ``lessons``
sit above it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from apilab.exercises.api_features import API_FEATURES
from apilab.exercises.api_tests import API_TESTS
from apilab.exercises.auth_production import AUTH_PRODUCTION
from apilab.exercises.products_api import DRF_API, FLASK_API
from apilab.exercises.scaling import SCALING
from apilab.exercises.spec import Exercise, GradedCell

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXERCISES", "Exercise", "GradedCell", "exercise", "summary"]

EXERCISES: dict[str, Exercise] = {each.assignment: each
                                  for each in (FLASK_API, DRF_API, SCALING, AUTH_PRODUCTION, API_TESTS,
                                                API_FEATURES)}


def exercise(assignment: str) -> Exercise:
    """The exercise ``assignment`` (e.g. "01-flask-api"); ValueError naming the exercises when there is none."""
    if assignment not in EXERCISES:
        raise ValueError(f"unknown exercise {assignment!r}; choose from {', '.join(EXERCISES)}")
    return EXERCISES[assignment]


def summary(assignment: str) -> pd.DataFrame:
    """A table of the exercise's test cells run in this kernel: checks passed, points of each, and a total."""
    from apilab.exercises.kernel import summary as table

    return table(exercise(assignment))
