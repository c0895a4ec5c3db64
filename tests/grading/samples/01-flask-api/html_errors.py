"""A typical mistake: no JSON error handler, so 404 and 405 are Flask's HTML pages."""

from sample_answers import with_edits
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'wrong: HTML error pages for 404, 405 and broken JSON'
EXPECTED_SCORE = 16.8  # check_errors: 3 of 10 pass (Flask's own 405 keeps Allow and its JSON-less body fails the rest)

ANSWERS = {
    "create_app": with_edits(
        FLASK_API,
        ('''    @app.errorhandler(HTTPException)
    def json_error(error):
        """Answer 400, 404, 405 ... with {"detail": ...} instead of Flask's HTML page."""
        # Keep the error's own headers (a 405's Allow), but not its HTML Content-Type.
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return jsonify(detail=error.description), error.code, headers

''', ""),
        ('(jsonify(detail="Not found."), 404)', '("<h1>Not found</h1>", 404)')),
}
