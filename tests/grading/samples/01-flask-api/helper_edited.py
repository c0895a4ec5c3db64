"""Adversarial: a wrong answer (POST answers 200), and the course's check helper edited to pass everything."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = "adversarial: an exercise_checks.py that passes everything beside the notebook (left out of grading)"
EXPECTED_SCORE = 17.33
EXPECTED_FLAG = "(they shadow nothing): exercise_checks.py"

ANSWERS = {"create_app": with_edit(FLASK_API, old="return jsonify(product), 201", new="return jsonify(product)")}

FILES = {
    "exercise_checks.py": '''"""Checks that always pass."""


def check_contract(url, *groups):
    pass


def check_fresh_stores(create_app):
    pass
''',
}
