"""Correct: the token check is a helper the learner keeps in a code cell of their own, added above the
Flask answer cell; it runs with the answers, inside the notebook and when checked from outside."""

from sample_answers.auth_production import AUTH_PRODUCTION

DESCRIPTION = "correct: the Flask token check lives in a cell the learner added"
EXPECTED_SCORE = 16.0

HELPER = '''from flask import jsonify, request

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def token_guard(valid_keys):
    """A before_request hook refusing writes without 'Authorization: Token <key>' of valid_keys."""
    def guard():
        if request.method not in WRITES:
            return None
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme == "Token" and key in valid_keys:
            return None
        return jsonify(detail="A valid token is required."), 401, {"WWW-Authenticate": "Token"}
    return guard
'''

ANSWERS = {
    **AUTH_PRODUCTION,
    "flask_create_app": '''def create_app(tokens):
    """Return a new Flask app serving the Products API, where writes need 'Authorization: Token <key>'."""
    app = create_flask_app()
    app.before_request(token_guard(frozenset(tokens)))
    return app
''',
}


def edit(notebook):
    """Add the helper in a code cell of its own, just above the Flask answer cell."""
    import nbformat

    position = next(number for number, cell in enumerate(notebook.cells)
                    if cell.metadata.get("nbgrader", {}).get("grade_id") == "flask_create_app")
    notebook.cells.insert(position, nbformat.v4.new_code_cell(HELPER))
