"""A typical mistake: PATCH is validated like PUT, so it needs every field."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'wrong: PATCH validated like PUT'
EXPECTED_SCORE = 19.59

ANSWERS = {"create_app": with_edit(FLASK_API, old='partial=request.method == "PATCH"', new="partial=False")}
