"""``apilab schedule`` publishes a class's due dates and late policy; the progress sidebar reads them with care."""

from __future__ import annotations

import datetime
import json
import os
import stat

import pytest

from apilab.course.progress import class_schedules, read_schedule
from apilab.grading import schedule

DUE = datetime.datetime(2026, 12, 10, 23, 59)


def course(tmp_path, extra: str = ""):
    """A course folder: its nbgrader_config.py, a gradebook with two assignments (one due), an exchange."""
    from nbgrader.api import Gradebook

    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'flask-vs-django'\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{folder / 'gradebook.db'}'\n"
        f"c.Exchange.root = '{tmp_path / 'exchange'}'\n" + extra)
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        gradebook.add_assignment("01-flask-api", duedate=DUE)
        gradebook.add_assignment("02-django-api")
    return folder


def test_the_schedule_holds_the_gradebooks_due_dates_and_the_late_policy(tmp_path, capsys):
    folder = course(tmp_path)
    assert schedule.main(["--course", str(folder)]) == 0
    published = tmp_path / "exchange" / "flask-vs-django" / "schedule.json"
    said = capsys.readouterr().out
    assert said.startswith(f"published to {published}: due 01-flask-api 2026-12-10 23:59 UTC;"), said
    assert json.loads(published.read_text()) == {
        "late_policy": "A late submission is graded like any other: no penalty.",
        "due": {"01-flask-api": "2026-12-10T23:59:00+00:00"}}
    assert stat.S_IMODE(published.stat().st_mode) == 0o644, "learners must be able to read it"
    assert read_schedule(published) == {"late_policy": "A late submission is graded like any other: no penalty.",
                                        "due": {"01-flask-api": DUE.replace(tzinfo=datetime.UTC)}}


def test_the_late_policy_is_said_from_nbgrader_config_or_in_the_instructors_words(tmp_path):
    folder = course(tmp_path, "c.LateSubmissionPlugin.penalty_method = 'zero'\n")
    assert schedule.main(["--course", str(folder)]) == 0
    published = tmp_path / "exchange" / "flask-vs-django" / "schedule.json"
    assert json.loads(published.read_text())["late_policy"] == "A late submission scores 0."
    assert schedule.main(["--course", str(folder), "--late-policy", "10% off\nper day late,\tup to 3 days"]) == 0
    assert json.loads(published.read_text())["late_policy"] == "10% off per day late, up to 3 days"


def test_a_course_without_an_id_gets_one_readable_line(tmp_path, capsys):
    folder = course(tmp_path)
    config = folder / "nbgrader_config.py"
    config.write_text(config.read_text().replace("'flask-vs-django'", "''"))
    with pytest.raises(SystemExit) as stopped:
        schedule.main(["--course", str(folder)])
    assert stopped.value.code == 2
    assert "set c.CourseDirectory.course_id" in capsys.readouterr().err


def test_the_sidebar_reads_the_schedule_through_the_learners_nbgrader_settings(tmp_path):
    folder = course(tmp_path)
    schedule.main(["--course", str(folder)])
    learner = tmp_path / "learner"
    learner.mkdir()
    (learner / "nbgrader_config.py").write_text(f"c = get_config()\nc.Exchange.root = '{tmp_path / 'exchange'}'\n")
    before = os.getcwd()
    found = class_schedules(learner, ["flask-vs-django", "another-course"])
    assert os.getcwd() == before
    assert found["flask-vs-django"]["due"] == {"01-flask-api": DUE.replace(tzinfo=datetime.UTC)}
    assert found["another-course"] is None


@pytest.mark.parametrize("kind", ["link", "fifo", "huge", "not json", "a list"])
def test_a_schedule_that_is_not_a_small_regular_json_file_is_not_read(tmp_path, kind):
    path = tmp_path / "schedule.json"
    if kind == "link":
        real = tmp_path / "real.json"
        real.write_text(json.dumps({"late_policy": "x", "due": {}}))
        path.symlink_to(real)
    elif kind == "fifo":
        os.mkfifo(path)  # opening it to read must not wait for a writer
    elif kind == "huge":
        path.write_text(json.dumps({"late_policy": "x" * 100_000, "due": {}}))
    else:
        path.write_text("{not json" if kind == "not json" else "[1, 2]")
    assert read_schedule(path) is None


def test_what_is_not_a_date_or_a_line_of_text_is_left_out(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps({"late_policy": ["not", "text"], "due": {
        "01-flask-api": "2026-12-10T23:59:00+01:00", "02-django-api": "next week", "03": 7}}))
    assert read_schedule(path) == {
        "late_policy": None, "due": {"01-flask-api": datetime.datetime(2026, 12, 10, 22, 59, tzinfo=datetime.UTC)}}
