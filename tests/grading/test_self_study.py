"""Self-study: make lab's exchange offers the exercises in the course's order; fetched work is never overwritten."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import nbformat
import pytest
from grading_support import REPO_ROOT, VENV_BIN, answer_with_the_model

from apilab.grading import self_study
from apilab.grading.self_study_grade import grade_latest
from apilab.grading.self_study_status import describe, read_status, write_status


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
    shutil.copytree(REPO_ROOT / "solutions", root / "solutions",
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "test_products_api.py"))
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
    assert self_study.prepare(course) == {"APILAB_SELF_STUDY": "1"}
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


def wait_for_grade(course, assignment, seconds=420):
    """The submission's record once its grading is over (bounded: fails after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        records = list(read_status(course, assignment).values())
        if records and records[-1].get("state") != "grading":
            return records[-1]
        time.sleep(1)
    log = course / ".grading" / "self-study" / f"{assignment}.log"
    pytest.fail(f"no grade after {seconds} s; the grader's log:\n{log.read_text() if log.exists() else '(none)'}")


@pytest.mark.slow
@pytest.mark.timeout(600)
# nbgrader's list reads a feedback page's checksum without closing the file (nbgrader/exchange/default/list.py).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_submit_grades_releases_feedback_offers_the_model_answer_and_the_next_exercise(course, monkeypatch):
    """Self-study Submit: graded with the verified grading, score listed, feedback fetched, model answer, next one."""
    monkeypatch.setenv("PATH", VENV_BIN + os.pathsep + os.environ["PATH"])
    (course.parent / "home").mkdir()
    monkeypatch.setenv("HOME", str(course.parent / "home"))
    for name, value in self_study.prepare(course).items():  # as make lab starts JupyterLab
        monkeypatch.setenv(name, value)
    first, following = self_study.released_exercises(course)[:2]
    lister = assignment_list(course)
    assert lister.fetch_assignment("flask-vs-django", first)["success"]
    answer_with_the_model(course / "my-work" / first / f"{first}.ipynb", first)

    submitted = lister.submit_assignment("flask-vs-django", first)
    assert submitted["success"], submitted.get("value")
    assert offered(course) == [first, following], "the next exercise is offered at once, without a restart"
    model = course / "my-work" / "model-solutions" / first / f"{first}.ipynb"
    text = model.read_text()
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text, "the model answer keeps nbgrader's markers"
    listed = submissions(lister, first)
    assert "being graded" in listed[-1]["timestamp"], listed

    record = wait_for_grade(course, first)
    assert record["state"] == "graded", record
    assert record["score"] == record["max_score"] > 0, record
    listed = submissions(lister, first)
    assert f"scored {record['score']:g} of {record['max_score']:g}" in listed[-1]["timestamp"], listed
    assert listed[-1]["has_exchange_feedback"], "the feedback was not released"

    fetched = lister.fetch_feedback("flask-vs-django", first)
    assert fetched["success"], fetched.get("value")
    feedback = list((course / "my-work" / first / "feedback").glob("*/*"))
    assert [path.suffix for path in feedback] == [".html"], "only the feedback page is released"
    page = feedback[0].read_text()
    assert f"{record['score']:g}" in page and "HIDDEN TESTS" not in page
    assert ">Test cell<" not in page, "the feedback's contents name a cell 'Test cell'"
    assert '<a href="#check_delete">check_delete: DELETE answers 204 with an empty body;' in page
    assert submissions(lister, first)[-1]["has_local_feedback"]

    # A grader started for the same submission (two Submits in a row) finds it graded and grades nothing.
    autograded = course / "autograded" / student_id() / first / f"{first}.ipynb"
    before = autograded.stat().st_mtime_ns
    assert grade_latest(course, first, student_id())["state"] == "graded"
    assert autograded.stat().st_mtime_ns == before, "the same submission was graded twice"

    # The Course progress sidebar's data, read from the workspace as make lab serves it.
    from apilab.course.progress import course_progress

    shown = course_progress(course / "my-work")["exercises"]
    assert [(item["exercise"], item["state"], item["score"]) for item in shown] == \
        [(first, "submitted", f"{record['score']:g} of {record['max_score']:g}"), (following, "released", None)]


def test_a_submission_record_reads_as_a_few_words():
    """What the Assignment List shows beside a submission's time, for each state of its grading."""
    assert describe({"state": "graded", "score": 7.0, "max_score": 9.0}) == "scored 7 of 9"
    assert describe({"state": "grading", "started": 100.0}, now=112.0).startswith("being graded (12 s so far)")
    assert "has not finished in 166 min; submit again" in describe({"state": "grading", "started": 0.0}, now=10_000.0)
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    assert "stopped unfinished" in describe({"state": "grading", "started": 100.0, "pid": finished.pid}, now=112.0)
    assert describe({"state": "grading", "started": 100.0, "pid": os.getpid()}, now=112.0).startswith("being graded")
    assert describe({"state": "graded", "score": 9.0, "max_score": 12.0, "manual": True, "feedback": False}) == \
        "scored 9 of 12; some points wait for a person to grade them; its feedback page could not be made"
    assert describe({"state": "failed", "reason": "the kernel died"}) == "could not be graded: the kernel died"
    assert describe({"state": "superseded"}) == "not graded: a later submission was"
    assert describe(None) == ""


def submissions(lister, assignment):
    listed = lister.list_submitted_assignments()
    assert listed["success"], listed["value"]
    [mine] = [item for item in listed["value"] if item["assignment_id"] == assignment]
    return mine["submissions"]


def test_only_self_study_grades_on_submit(course, monkeypatch):
    """make lab's switch names the course's submit and list; without it (a class) nbgrader's own stay."""
    from apilab.grading.course_config import load_course_config

    monkeypatch.delenv("APILAB_SELF_STUDY", raising=False)
    in_class = load_course_config(course)
    assert "submit" not in in_class.ExchangeFactory and "list" not in in_class.ExchangeFactory
    monkeypatch.setenv("APILAB_SELF_STUDY", "1")
    alone = load_course_config(course)
    assert alone.ExchangeFactory.submit == "apilab.grading.self_study_exchange.SelfStudySubmit"
    assert alone.ExchangeFactory.list == "apilab.grading.self_study_exchange.SelfStudyList"


def student_id() -> str:
    from nbgrader.utils import get_username

    return get_username()


def test_a_grading_that_collects_nothing_says_so_on_the_submission(course):
    """Whatever stops the grader, the learner's line says why instead of "being graded" for ever."""
    self_study.prepare(course)
    first = self_study.released_exercises(course)[0]
    when = "2026-01-01 00:00:00.000000 UTC"
    write_status(course, first, when, state="grading", started=time.time())
    record = grade_latest(course, first, "nobody", submitted_at=when)
    assert record["state"] == "failed"
    assert read_status(course, first)[when]["state"] == "failed"
    assert describe(read_status(course, first)[when]).startswith("could not be graded: ")
