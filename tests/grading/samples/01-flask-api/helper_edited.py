"""Adversarial: a wrong answer (POST answers 200), and the course's check helper edited to pass everything."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = "adversarial: exercise_checks.py beside the notebook edited (the course's copy is used at grading)"
EXPECTED_SCORE = 16.0
EXPECTED_FLAG = "course file exercise_checks.py was changed"

ANSWERS = {"create_app": with_edit(FLASK_API, old="return jsonify(product), 201", new="return jsonify(product)")}

FILES = {
    "exercise_checks.py": '''"""Checks that always pass."""


def check_contract(url, *groups):
    pass


def check_fresh_stores(create_app):
    pass
''',
}
