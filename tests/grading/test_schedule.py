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
    (tmp_path / "exchange" / "flask-vs-django").mkdir(parents=True)  # as nbgrader's release makes it
    (tmp_path / "exchange" / "flask-vs-django").chmod(0o755)  # whatever the umask
    return folder


def refused(folder, capsys) -> str:
    """What apilab schedule says when it refuses (exit status 2, one line)."""
    with pytest.raises(SystemExit) as stopped:
        schedule.main(["--course", str(folder)])
    assert stopped.value.code == 2
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert said.startswith("apilab schedule: error: "), said
    return said


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
    assert "set c.CourseDirectory.course_id" in refused(folder, capsys)


def test_no_gradebook_or_an_empty_one_is_refused_rather_than_erasing_the_due_dates(tmp_path, capsys):
    folder = course(tmp_path)
    (folder / "gradebook.db").rename(folder / "elsewhere.db")
    assert "no gradebook at" in refused(folder, capsys)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}"):
        pass
    assert "knows no assignment" in refused(folder, capsys)
    assert not (tmp_path / "exchange" / "flask-vs-django" / "schedule.json").exists()


def test_nothing_is_written_before_the_release_made_the_course_folder(tmp_path, capsys):
    folder = course(tmp_path)
    (tmp_path / "exchange" / "flask-vs-django").rmdir()
    assert "release an assignment first" in refused(folder, capsys)
    assert not (tmp_path / "exchange" / "flask-vs-django").exists()


def test_a_course_folder_a_learner_could_have_put_there_is_never_written_through(tmp_path, capsys):
    """The exchange's root is writable by all: a link, or a folder of someone else's, in the course's name."""
    folder = course(tmp_path)
    exchange = tmp_path / "exchange" / "flask-vs-django"
    exchange.rmdir()
    target = tmp_path / "elsewhere"
    target.mkdir()
    exchange.symlink_to(target)
    assert "is a link or not a folder" in refused(folder, capsys)
    assert list(target.iterdir()) == []
    exchange.unlink()
    exchange.mkdir()
    exchange.chmod(0o777)
    assert "others may write it" in refused(folder, capsys)
    exchange.chmod(0o755)
    assert list(exchange.iterdir()) == []


def test_a_course_folder_of_someone_else_is_refused_and_roots_accepted(tmp_path, capsys, monkeypatch):
    folder = course(tmp_path)
    exchange = tmp_path / "exchange" / "flask-vs-django"
    if os.geteuid() == 0:
        os.chown(exchange, 4242, -1)  # a learner's
    owner = exchange.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # the publisher is not who made the folder
    assert f"belongs to uid {owner}" in refused(folder, capsys)
    monkeypatch.undo()
    if os.geteuid() == 0:  # a folder root made (at set-up, say) is accepted
        os.chown(exchange, 0, -1)
        monkeypatch.setattr(os, "geteuid", lambda: 4243)
        assert schedule.main(["--course", str(folder)]) == 0


def test_learners_can_read_the_schedule_whatever_the_instructors_umask(tmp_path):
    folder = course(tmp_path)
    before = os.umask(0o077)
    try:
        assert schedule.main(["--course", str(folder)]) == 0
    finally:
        os.umask(before)
    published = tmp_path / "exchange" / "flask-vs-django" / "schedule.json"
    assert stat.S_IMODE(published.stat().st_mode) == 0o644
    assert [path.name for path in published.parent.iterdir()] == ["schedule.json"], "a temporary file was left"


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
        "01-flask-api": "2026-12-10T23:59:00+01:00", "02-django-api": "next week", "03": 7,
        "04": "0001-01-01T00:00:00+01:00"}}))  # before year 1 in UTC
    assert read_schedule(path) == {
        "late_policy": None, "due": {"01-flask-api": datetime.datetime(2026, 12, 10, 22, 59, tzinfo=datetime.UTC)}}
    path.write_text("[" * 60_000)  # too deeply nested for Python's JSON reader
    assert read_schedule(path) is None
