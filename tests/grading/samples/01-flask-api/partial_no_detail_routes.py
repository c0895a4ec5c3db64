"""A partial answer: list and create work, the /api/products/<id>/ routes are missing."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'partial: list and create only'
EXPECTED_SCORE = 13.2  # without detail routes the 405 and Allow checks on /api/products/{id}/ fail too

ANSWERS = {
    "create_app": with_edit(
        FLASK_API,
        old='''    @app.route("/api/products/<int:product_id>/", methods=["GET", "PUT", "PATCH", "DELETE"])
''',
        new=""),
}
