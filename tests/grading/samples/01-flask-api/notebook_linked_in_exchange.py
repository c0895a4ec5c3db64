"""Cheat: once submitted, the notebook in the exchange is replaced by a link to the solution notebook, which
the instructor can read (nbgrader's own collect copies the file a link leads to)."""

from pathlib import Path

from sample_answers.cheats import WRONG_FLASK_API

DESCRIPTION = "cheat: the submitted notebook is a link to the solution in the exchange"
EXPECTED_SCORE = 0.0  # no notebook was collected: nothing to grade, the learner kept in the gradebook
EXPECTED_FLAG = "No notebooks were matched"

ANSWERS = {"create_app": WRONG_FLASK_API}


def in_exchange(submission: Path) -> None:
    """Replace the notebook of the submission in the exchange's inbound folder by a link to the solution."""
    notebook = submission / "01-flask-api.ipynb"
    course = submission.parents[3] / "course"
    notebook.unlink()
    notebook.symlink_to(course / "solutions" / "01-flask-api" / "01-flask-api.ipynb")
