"""Grading the exercises with nbgrader.

``autograde`` grades a whole class in parallel with nbgrader's own autograder
and flags, in words, what an instructor should look at (``apilab
grade-class``); ``self_study`` runs the same exchange on one learner's machine,
so fetching and validating alone works as in a class.

It may import every layer below it (``serving``, ``django_project``,
``contract``, ``measure``), never ``lessons`` or ``course``. The names of
``autograde`` are re-exported here: ``apilab.grading.autograde_class`` is the call.
"""

from apilab.grading.autograde import (  # noqa: F401
    GradedSubmission,
    autograde_class,
    autograde_submissions,
    load_course_config,
    main,
    make_api,
)
from apilab.grading.class_view import ClassView, class_view  # noqa: F401
