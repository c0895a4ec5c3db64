"""A typical mistake: POST answers 200 (Flask's default) instead of 201 Created."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'wrong: POST answers 200, not 201'
EXPECTED_SCORE = 17.33

ANSWERS = {"create_app": with_edit(FLASK_API, old="return jsonify(product), 201", new="return jsonify(product)")}
