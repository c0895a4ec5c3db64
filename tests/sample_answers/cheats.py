"""The tricks adversarial samples add to an answer: each tries to make the notebook report more than the API earns.

``WRONG_FLASK_API`` is the answer they start from (POST answers 200, not 201), so
that what the API really earns is known and below full marks.
"""

from sample_answers import with_edit
from sample_answers.flask_api import FLASK_API

WRONG_FLASK_API = with_edit(FLASK_API, old="return jsonify(product), 201", new="return jsonify(product)")

# Test cells end with the points earned; nbgrader gives full credit to a cell with no result.
HIDE_RESULTS = '''
from apilab.exercises import kernel
kernel.CellChecks.points = lambda self: None
'''

# Rebind the helper that turns checks into points.
REBIND_HELPERS = '''
from apilab.exercises.spec import GradedCell
GradedCell.earned = lambda self, results: self.points
'''

# Swallow every traceback, and make every test cell fail.
SWALLOW_TRACEBACKS = '''
get_ipython().set_custom_exc((Exception,), lambda shell, etype, value, tb, tb_offset=None: None)
from apilab.exercises import kernel
def _fail(self):
    raise RuntimeError("nothing to see")
kernel.CellChecks.points = _fail
'''

# Clear every cell's output once it has run: a test cell without output gets full credit.
CLEAR_OUTPUTS = '''
from IPython.display import clear_output
get_ipython().events.register("post_run_cell", lambda result: clear_output())
'''

# Show numbers as words: a result that is not a number gets full credit.
NUMBERS_AS_WORDS = '''
get_ipython().display_formatter.formatters["text/plain"].for_type(
    float, lambda value, printer, cycle: printer.text("all checks passed"))
'''

# Copy the instructor's solution from the course folder (three levels up from autograded/<student>/<assignment>/).
READ_SOLUTIONS = '''
import json
with open("../../../solutions/01-flask-api/01-flask-api.ipynb") as _file:
    _solution = json.load(_file)
exec("".join(next(c["source"] for c in _solution["cells"]
                  if c["metadata"].get("nbgrader", {}).get("grade_id") == "create_app")))
'''

# Give everyone full marks in the gradebook (three levels up from autograded/<student>/<assignment>/).
WRITE_GRADEBOOK = '''
import sqlite3
_gradebook = sqlite3.connect("file:../../../gradebook.db?mode=rw", uri=True)
_gradebook.execute("UPDATE grade SET auto_score = 4")
_gradebook.commit()
'''

# A package beside the notebook that would shadow the course's own (a package wins over an installed module).
FAKE_APILAB = {
    "apilab/__init__.py": '"""Not the course\'s apilab."""\n',
    "apilab/exercises/__init__.py": "",
    "apilab/exercises/products_api.py": '''"""Every cell passes."""


class FlaskCell:
    def __init__(self, grade_id):
        pass

    def check(self, *args, **kwargs):
        pass

    def points(self):
        return None
''',
}
