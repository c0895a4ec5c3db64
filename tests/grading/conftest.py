"""Fixtures for the grading tests: the course copied to a temp folder, and its sample submissions.

A sample submission is a module ``samples/<assignment>/<student_id>.py`` with
``DESCRIPTION``, ``EXPECTED_SCORE`` (the exact autograde score), optionally
``EXPECTED_FLAG`` (a substring of one of the flags ``apilab.grading`` raises,
e.g. "needs manual grade", "the kernel died"), ``ANSWERS`` ({grade_id of an
answer cell: its new source}), optionally ``edit(nb)`` (mutates the released
notebook: edited or deleted read-only cells ...), ``FILES`` ({path beside the
notebook: new text}, e.g. an edited course helper), ``in_exchange(folder)``
(what the learner does to their submission in the exchange after Submit, e.g.
a link in place of the notebook) and ``SLOW = True`` for one that runs into the
time limit (it is graded first, beside the others).
"""

from __future__ import annotations

import os

import pytest
from grading_support import VENV_BIN


@pytest.fixture(autouse=True)
def venv_on_path(monkeypatch):
    """A new gradebook runs alembic as a subprocess: the venv's bin must be on PATH."""
    monkeypatch.setenv("PATH", VENV_BIN + os.pathsep + os.environ.get("PATH", ""))
