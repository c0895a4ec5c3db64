"""apilab grade-class: bad input gets a one-line error; an empty class is said so, not graded."""

from __future__ import annotations

import pytest
from grading_support import copy_course

from apilab import grading


@pytest.fixture
def course(tmp_path):
    """A course copy with its own gradebook and exchange settings (nothing submitted yet)."""
    return copy_course(tmp_path / "course")


def overrides(course):
    return {"CourseDirectory": {"db_url": f"sqlite:///{course / 'gradebook.db'}"},
            "Exchange": {"root": str(course / "exchange")}, "NbGraderAPI": {"log_level": "ERROR"}}


def test_a_folder_without_the_course_config_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no nbgrader_config.py"):
        grading.autograde_class("01-flask-api", course_root=tmp_path)


@pytest.mark.parametrize("jobs", [0, -1, 1.5, True])
def test_jobs_must_be_a_positive_whole_number(course, jobs):
    with pytest.raises(ValueError, match="jobs must be"):
        grading.autograde_submissions([("01-flask-api", "alice")], jobs=jobs, course_root=course)


@pytest.mark.parametrize("assignment", ["", "a/b", None])
def test_assignment_must_be_a_folder_name(course, assignment):
    with pytest.raises(ValueError, match="assignment must be"):
        grading.autograde_class(assignment, course_root=course)


def test_unknown_students_are_named(course):
    with pytest.raises(ValueError, match="no submission of 01-flask-api under submitted/ for: nobody"):
        grading.autograde_class("01-flask-api", students=["nobody"], course_root=course, config=overrides(course))


def test_command_says_when_nothing_was_submitted(course, capsys, monkeypatch):
    monkeypatch.setenv("NBGRADER_DB_URL", f"sqlite:///{course / 'gradebook.db'}")
    monkeypatch.setenv("NBGRADER_EXCHANGE_ROOT", str(course / "exchange"))
    assert grading.main(["01-flask-api", "--course", str(course)]) == 0
    assert "No submissions of 01-flask-api" in capsys.readouterr().out


def test_command_rejects_bad_jobs_in_one_line(course, capsys):
    with pytest.raises(SystemExit) as exit_info:
        grading.main(["01-flask-api", "--course", str(course), "--jobs", "0"])
    assert exit_info.value.code == 2
    assert "jobs must be a whole number" in capsys.readouterr().err


def test_an_unknown_assignment_gets_one_line(course, capsys):
    """Submissions of an assignment the gradebook does not know: one line saying what to run first."""
    (course / "submitted" / "alice" / "99-nothing").mkdir(parents=True)
    with pytest.raises(SystemExit) as exit_info:
        grading.main(["99-nothing", "--course", str(course)])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert "'99-nothing' is not in the gradebook" in error and "generate_assignment" in error


def test_class_report_without_a_gradebook_gets_one_line(course, capsys, monkeypatch):
    monkeypatch.setenv("NBGRADER_DB_URL", f"sqlite:///{course / 'gradebook.db'}")
    from apilab.course.cli import main as apilab_command

    with pytest.raises(SystemExit) as exit_info:
        apilab_command(["class-report", "01-flask-api", "--course", str(course)])
    assert exit_info.value.code == 2
    assert "no gradebook at" in capsys.readouterr().err


def test_a_submission_that_is_not_a_notebook_is_flagged_and_loses_nobody(course, monkeypatch):
    """One learner's notebook is not JSON: that submission is flagged as not graded; the other is graded."""
    import shutil

    monkeypatch.setenv("NBGRADER_DB_URL", f"sqlite:///{course / 'gradebook.db'}")
    monkeypatch.setenv("NBGRADER_EXCHANGE_ROOT", str(course / "exchange"))
    api = grading.make_api(grading.load_course_config(course, overrides(course)))
    assert api.generate_assignment("02-drf-api")["success"]
    for student in ("alice", "bob"):
        folder = course / "submitted" / student / "02-drf-api"
        shutil.copytree(course / "exercises" / "02-drf-api", folder)
        (folder / "timestamp.txt").write_text("2026-01-15 10:00:00.000000 UTC")
    (course / "submitted" / "bob" / "02-drf-api" / "02-drf-api.ipynb").write_text("these are my notes, not JSON")
    graded = {g.student: g for g in grading.autograde_class("02-drf-api", jobs=2, course_root=course,
                                                           config=overrides(course))}
    assert graded["bob"].failed and len(graded["bob"].flags[-1].splitlines()) == 1
    assert not graded["alice"].failed and graded["alice"].score == 0
    with api.gradebook as gradebook:
        assert sorted(s.student.id for s in gradebook.find_assignment("02-drf-api").submissions) == ["alice", "bob"]


def test_an_assignment_missing_from_a_fresh_gradebook_is_registered_from_its_source(course):
    """grade-class on a fresh gradebook registers the assignment, leaving the released exercises as they are."""
    from apilab.grading.course_config import load_course_config, make_api
    from apilab.grading.gradebook import prepare_gradebook

    api = make_api(load_course_config(course, overrides(course)))
    assert prepare_gradebook(api, "01-flask-api") is True
    assert prepare_gradebook(api, "01-flask-api") is False   # the second time, it is already there
    with api.gradebook as gradebook:
        notebook = gradebook.find_assignment("01-flask-api").notebooks[0]
        assert sum(cell.max_score for cell in notebook.grade_cells) > 0
    assert not (course / "exercises").exists() and not (course / ".grading" / "registering").exists()
