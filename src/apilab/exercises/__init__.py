"""The graded exercises, each in a place of its own: its test cells, its checks, how the grader decides.

``EXERCISES`` maps an assignment to its ``Exercise`` (``spec``): the graded
cells with their points, the requests its verification process answers beside
the learner's code, and how the grader runs every cell's checks from outside.
``exercise(assignment)`` gives one exercise and imports only its module.
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

import importlib
from typing import TYPE_CHECKING

from apilab.exercises.spec import Exercise, GradedCell

if TYPE_CHECKING:
    import pandas as pd

    EXERCISES: dict[str, Exercise]  # built on first use, by __getattr__ below

__all__ = ["EXERCISES", "Exercise", "GradedCell", "exercise", "summary"]

# Each exercise's module and name, in the course's order. A module is imported when its exercise is first
# asked for: a process that checks one exercise (a verification, a graded kernel) loads only that one's
# checks, not the other five's (pytest, pandas, Django's test tools ...).
_PLACES = {"01-flask-api": ("products_api", "FLASK_API"), "02-drf-api": ("products_api", "DRF_API"),
           "03-scaling": ("scaling", "SCALING"), "04-auth-production": ("auth_production", "AUTH_PRODUCTION"),
           "05-api-tests": ("api_tests", "API_TESTS"), "06-api-features": ("api_features", "API_FEATURES")}


def exercise(assignment: str) -> Exercise:
    """The exercise ``assignment`` (e.g. "01-flask-api"); ValueError naming the exercises when there is none."""
    if assignment not in _PLACES:
        raise ValueError(f"unknown exercise {assignment!r}; choose from {', '.join(_PLACES)}")
    module, name = _PLACES[assignment]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __getattr__(name: str):
    """``EXERCISES``: every exercise by its assignment, in the course's order (all their modules imported)."""
    if name != "EXERCISES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    every = {assignment: exercise(assignment) for assignment in _PLACES}
    globals()["EXERCISES"] = every
    return every


def summary(assignment: str) -> pd.DataFrame:
    """A table of the exercise's test cells run in this kernel: checks passed, points of each, and a total."""
    from apilab.exercises.kernel import summary as table

    return table(exercise(assignment))
