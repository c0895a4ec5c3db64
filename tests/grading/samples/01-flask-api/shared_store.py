"""A typical mistake: the store is a module-level dict, so every app shares it."""

from sample_answers import with_edits
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'wrong: module-level store shared by every create_app()'
# The fresh-store cell (2 points): of its 3 checks, only "each call returns a new app" holds, in the notebook and
# from outside alike (a check passes only if it passed with every set of values).
EXPECTED_SCORE = 18.67

ANSWERS = {
    "create_app": with_edits(
        FLASK_API,
        ('''def create_app():
''', '''products = {}  # shared by every app: the mistake
last_id = 0


def create_app():
'''),
        ('''    products = {}  # id -> product, this app's own store
    last_id = 0
''', ""),
        ("nonlocal last_id", "global last_id")),
}
