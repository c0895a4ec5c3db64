"""Cheat: create_app returns the lessons' ready-made Flask build instead of the learner's own."""

DESCRIPTION = "cheat: returns the lessons' ready-made Flask build (hidden while grading)"
EXPECTED_SCORE = 0.0
EXPECTED_FLAG = "No module named 'apilab.lessons.products_builds'"

ANSWERS = {"create_app": '''
from apilab.lessons.products_builds import create_flask_app


def create_app():
    return create_flask_app()
'''}
