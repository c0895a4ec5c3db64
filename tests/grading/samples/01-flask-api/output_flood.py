"""Adversarial: create_app() prints thousands of debug lines every time it is called."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'adversarial: a flood of output from every create_app() call'
EXPECTED_SCORE = 20.0
EXPECTED_FLAG = 'printed too much: output cut short'

ANSWERS = {
    "create_app": with_edit(
        FLASK_API,
        old='''    app = Flask(__name__)
''',
        new='''    app = Flask(__name__)
    for step in range(5000):
        print("debug: building the app, step", step)
'''),
}
