"""Adversarial: a correct create_app, then a loop that waits forever for a server nobody starts."""

from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'adversarial: infinite loop in the answer cell (interrupted at the time limit; tests still run)'
EXPECTED_SCORE = 20.0
EXPECTED_FLAG = 'ran past the time limit'
SLOW = True

ANSWERS = {
    "create_app": FLASK_API + '''
import time

while True:  # "wait until the server is up": it never is
    time.sleep(0.5)
''',
}
