"""A typical mistake: no validation at all; whatever is sent is stored."""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'wrong: no validation of the body'
EXPECTED_SCORE = 12.72

ANSWERS = {
    "create_app": with_edit(
        FLASK_API,
        old='''    if not isinstance(data, dict):
        return {"non_field_errors": ["Invalid data. Expected a JSON object."]}
''',
        new='''    return {}
'''),
}
