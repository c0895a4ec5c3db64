"""Self-study: make lab's exchange offers the exercises in the course's order; fetched work is never overwritten."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from grading_support import REPO_ROOT

from apilab.grading import self_study


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A copy of the course's config and exercises, with the default (in-course) exchange."""
    monkeypatch.delenv("NBGRADER_EXCHANGE_ROOT", raising=False)
    monkeypatch.delenv("NBGRADER_DB_URL", raising=False)
    # The Assignment List also reads the user's Jupyter config: keep this machine's out of the test.
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "")
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy2(REPO_ROOT / "nbgrader_config.py", root)
    shutil.copytree(REPO_ROOT / "exercises", root / "exercises")
    return root


def assignment_list(root):
    """nbgrader's Assignment List as JupyterLab runs it, with the server's root folder at ``root``."""
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    lister = AssignmentList()
    lister.root_dir = str(root)
    return lister


def offered(course) -> list[str]:
    listed = assignment_list(course).list_released_assignments()
    assert listed["success"], listed["value"]
    return sorted({item["assignment_id"] for item in listed["value"]})  # released, fetched or submitted


def test_prepare_releases_the_exercises_in_the_course_order(course):
    """The first exercise at once; the next one only after the learner submitted the one before it."""
    exercises = self_study.released_exercises(course)
    assert len(exercises) >= 2
    assert self_study.prepare(course) == {}
    assert offered(course) == exercises[:1]
    lister = assignment_list(course)
    assert lister.fetch_assignment("flask-vs-django", exercises[0])["success"]
    self_study.prepare(course)
    assert offered(course) == exercises[:1], "fetching is not submitting: the next exercise waits"
    submitted = lister.submit_assignment("flask-vs-django", exercises[0])
    assert submitted["success"], submitted.get("value")
    self_study.prepare(course)
    assert offered(course) == exercises[:2]


def test_rerun_never_overwrites_a_fetched_and_edited_notebook(course):
    """A learner fetches and edits; exercises change upstream and prepare() runs again: the edit survives."""
    self_study.prepare(course)
    assignment = self_study.released_exercises(course)[0]
    fetched = assignment_list(course).fetch_assignment("flask-vs-django", assignment)
    assert fetched["success"], fetched.get("value")
    mine = course / "my-work" / assignment / f"{assignment}.ipynb"
    notebook = nbformat.read(mine, as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell("My own notes: keep them."))
    nbformat.write(notebook, mine)
    edited = mine.read_bytes()

    # An update to the exercise arrives (git pull), then make lab runs prepare() again.
    upstream = course / "exercises" / assignment / f"{assignment}.ipynb"
    changed = nbformat.read(upstream, as_version=4)
    changed.cells[0].source += "\n\nUpdated upstream."
    nbformat.write(changed, upstream)
    self_study.prepare(course)
    self_study.prepare(course)

    outbound = course / ".exchange" / "flask-vs-django" / "outbound" / assignment / f"{assignment}.ipynb"
    assert "Updated upstream." in outbound.read_text(), "the changed exercise was not released again"
    assert mine.read_bytes() == edited, "prepare() changed the learner's fetched notebook"
    again = assignment_list(course).fetch_assignment("flask-vs-django", assignment)
    assert not again["success"] and "already have a copy" in again["value"]
    assert mine.read_bytes() == edited, "fetching again changed the learner's notebook"


def test_prepare_leaves_an_unchanged_release_alone(course):
    """Nothing changed since the last run: the released copy is not written again."""
    self_study.prepare(course)
    assignment = self_study.released_exercises(course)[0]
    outbound = course / ".exchange" / "flask-vs-django" / "outbound" / assignment / f"{assignment}.ipynb"
    before = outbound.stat().st_mtime_ns
    self_study.prepare(course)
    assert outbound.stat().st_mtime_ns == before
