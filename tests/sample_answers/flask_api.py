"""The correct answer to 01-flask-api's ``create_app`` cell: the solution's, a dict store per app."""

from sample_answers import solution_answers

FLASK_API = solution_answers("01-flask-api")["create_app"]
