"""A typical mistake: the next id is the number of products + 1, so ids come back after a delete."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'wrong: ids reused after a delete'
EXPECTED_SCORE = 19.33

ANSWERS = {"create_app": with_edit(FLASK_API, old="last_id += 1", new="last_id = max(products, default=0) + 1")}
