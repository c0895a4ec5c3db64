"""Hostile: a correct answer showing an image whose width and height metadata add an onerror attribute (nbconvert's
templates write them unquoted, and sanitizing the page does not reach them)."""

from sample_answers.flask_api import FLASK_API
from sample_answers.hostile import IMAGE_WITH_ATTRIBUTES

DESCRIPTION = "hostile: an image whose display metadata carries HTML attributes"
EXPECTED_SCORE = 20.0

ANSWERS = {"create_app": FLASK_API + IMAGE_WITH_ATTRIBUTES}
