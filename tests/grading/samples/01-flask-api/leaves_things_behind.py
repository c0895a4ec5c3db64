"""Hostile: a correct answer whose kernel leaves behind, in its working folder, links to the gradebook and to the
solution, a page with a script, a notebook that is not one, a pipe, and files until the disk is full: none of it
may reach autograded/, the feedback, or what is released to learners."""

from sample_answers.flask_api import FLASK_API
from sample_answers.hostile import LEAVE_THINGS_BEHIND

DESCRIPTION = "hostile: leaves links, a script page, a broken notebook, a pipe and a full disk in its folder"
EXPECTED_SCORE = 20.0

ANSWERS = {"create_app": FLASK_API + LEAVE_THINGS_BEHIND}
