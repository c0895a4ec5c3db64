"""A typical mistake: no JSON error handler, so 404 and 405 are Flask's HTML pages."""

from sample_answers import with_edits
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'wrong: HTML error pages for 404, 405 and broken JSON'
EXPECTED_SCORE = 16.62

ANSWERS = {
    "create_app": with_edits(
        FLASK_API,
        ('''    @app.errorhandler(HTTPException)
    def json_error(error):
        """Answer 400, 404, 405 ... with {"detail": ...} instead of Flask's HTML page."""
        return jsonify(detail=error.description), error.code

''', ""),
        ('(jsonify(detail="Not found."), 404)', '("<h1>Not found</h1>", 404)')),
}
