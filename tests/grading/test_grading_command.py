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
