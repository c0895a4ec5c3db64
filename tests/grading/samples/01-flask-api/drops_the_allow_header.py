"""A common slip: the JSON error handler drops the error's headers, so a 405 has no Allow header."""

from sample_answers import with_edits
from sample_answers.flask_api import FLASK_API

DESCRIPTION = "wrong: a 405 without its Allow header (the error handler drops the error's headers)"
EXPECTED_SCORE = 19.8  # check_errors (1 point): 8 of its 10 checks pass, the two Allow checks fail

ANSWERS = {
    "create_app": with_edits(
        FLASK_API,
        ('''        return jsonify(detail=error.description), error.code, headers
''', '''        return jsonify(detail=error.description), error.code
''')),
}
