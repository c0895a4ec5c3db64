"""Adversarial: the answer cell ends the kernel's process (os._exit), so nothing after it runs."""

from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'adversarial: os._exit kills the kernel'
EXPECTED_SCORE = 0.0
EXPECTED_FLAG = 'the kernel died'

ANSWERS = {
    "create_app": FLASK_API + '''
import os

os._exit(0)  # "stop everything"
''',
}
