"""Grading the exercises with nbgrader: the pipeline every exercise goes through.

``autograde`` grades a whole class in parallel with nbgrader's own autograder
(``apilab grade-class``, the command in ``grade_class``); ``verify`` checks every
graded cell again from outside the learner's process, with ``runner`` driving
the verification process (``verify_runner``) in the ``sandbox``; ``flags`` says
in words what an instructor should look at; ``gradebook`` reads and keeps
scores; ``notes`` keeps what grading found beside it, and ``class_view`` shows a
class at a glance (``apilab class-report``); ``course_config`` reads the
course's nbgrader configuration; ``validate`` makes nbgrader's Validate show
the failed checks; ``self_study`` runs the same exchange on one learner's
machine, where Submit also grades (``self_study_exchange``, ``self_study_grade``,
``self_study_status``). What is particular to one exercise lives in ``apilab.exercises``.

It may import every layer below it (``exercises``, ``measure``, ``contract``,
``django_project``, ``serving``), never ``lessons`` or ``course``. The names
below are the calls: ``apilab.grading.autograde_class`` and the rest.
"""

import importlib

# Imported now, not on first use: the module and its function share a name, and importing the module later
# would leave the module, not the function, as ``apilab.grading.class_view``. It is quick to import.
from apilab.grading.class_view import ClassView, class_view

# Where each public name lives. Imported on first use: the verification process, which imports
# ``apilab.grading.verify_runner``, never pays for nbgrader's import.
_HOMES = {"GradedSubmission": "autograde", "autograde_class": "autograde", "autograde_submissions": "autograde",
          "load_course_config": "course_config", "make_api": "course_config", "main": "grade_class"}
__all__ = ["ClassView", "GradedSubmission", "autograde_class", "autograde_submissions", "class_view",
           "load_course_config", "main", "make_api"]


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(f"apilab.grading.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'apilab.grading' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
