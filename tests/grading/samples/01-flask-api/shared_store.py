"""A typical mistake: the store is a module-level dict, so every app shares it."""

from sample_answers import with_edits
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'wrong: module-level store shared by every create_app()'
EXPECTED_SCORE = 19.0
EXPECTED_FLAG = 'checked from outside, the API earns 19/20'  # its shared store holds what earlier cells left

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
