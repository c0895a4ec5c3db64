"""Broken: the submitted notebook is valid JSON but not a notebook nbgrader can read: that learner is flagged
and not graded, and everyone after them is."""

from sample_answers.flask_api import FLASK_API

DESCRIPTION = "broken: valid JSON, not a notebook"
EXPECTED_SCORE = 0.0  # not graded: kept in the gradebook with no points
EXPECTED_FLAG = "not graded"

ANSWERS = {"create_app": FLASK_API}
FILES = {"01-flask-api.ipynb": '{"cells": 42, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'}
