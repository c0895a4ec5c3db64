"""Hostile: the list answers a body of 256 MiB (the checks read a MiB of it and fail the list's checks; the grader
holds no more)."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = "hostile: GET /api/products/ answers 256 MiB"
EXPECTED_SCORE = 17.34  # the list and create cell: 4 points less 0.66, its list checks failing

ANSWERS = {"create_app": with_edit(
    FLASK_API,
    old="            return jsonify([products[key] for key in sorted(products)])",
    new='            return "[" + " " * (256 * 2**20) + "]", 200, {"Content-Type": "application/json"}')}
