"""A typical mistake: DELETE answers 200 with a message instead of 204 with no body."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'wrong: DELETE answers 200 with a message'
EXPECTED_SCORE = 19.33

ANSWERS = {"create_app": with_edit(FLASK_API, old='return "", 204', new='return jsonify(message="Product deleted.")')}
