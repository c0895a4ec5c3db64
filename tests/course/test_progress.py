"""The Course progress sidebar's lessons (run, practice checks passed) and validated exercises, from saved files."""

from __future__ import annotations

import json
import logging
import os

import nbformat
import pytest

from apilab.course.progress import VALIDATIONS, lessons, record_validation, validation


def lesson(folder, name, checks_printed, ran=True):
    notebook = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell("import apilab")
    setup.execution_count = 1 if ran else None
    notebook.cells.append(setup)
    for printed in checks_printed:
        check = nbformat.v4.new_code_cell("check_it(answer)", metadata={"tags": ["self-check"]})
        if printed is not None:
            check.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
        notebook.cells.append(check)
    nbformat.write(notebook, folder / name)


def test_lessons_read_as_run_and_checks_passed_from_their_saved_outputs(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    lesson(folder, "00-Index.ipynb", [])
    lesson(folder, "01-First.ipynb", ["✓ answers 201\n✓ keeps the fields\nAll checks passed.\n",
                                      "✓ one\n✗ two: a hint\n1 of 2 checks to fix.\n", None])
    lesson(folder, "02-Second.ipynb", ["not done yet: write your answer above\n"], ran=False)
    (folder / "03-Broken.ipynb").write_text("{ not json")
    shown = lessons(tmp_path)
    assert [item["lesson"] for item in shown] == ["01-First", "02-Second", "03-Broken"], "the index is no lesson"
    assert shown[0] == {"lesson": "01-First", "run": True, "checks": 3, "checks_passed": 1,
                        "path": "notebooks/01-First.ipynb"}
    assert (shown[1]["run"], shown[1]["checks"], shown[1]["checks_passed"]) == (False, 1, 0)
    assert (shown[2]["run"], shown[2]["checks"]) == (False, 0)


def test_the_lessons_folder_is_the_one_the_hub_names_and_never_outside_the_root(tmp_path):
    (tmp_path / "root" / "flask-vs-django-lessons").mkdir(parents=True)
    lesson(tmp_path / "root" / "flask-vs-django-lessons", "01-First.ipynb", [])
    (tmp_path / "elsewhere").mkdir()
    lesson(tmp_path / "elsewhere", "01-Other.ipynb", [])
    hub = {"APILAB_LESSONS": "flask-vs-django-lessons"}
    assert [item["path"] for item in lessons(tmp_path / "root", hub)] == ["flask-vs-django-lessons/01-First.ipynb"]
    assert lessons(tmp_path / "root", {"APILAB_LESSONS": "../elsewhere"}) == []
    assert lessons(tmp_path / "root", {}) == [], "no notebooks/ folder: no lessons"


def test_a_check_that_printed_its_pass_and_then_raised_does_not_pass(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    lesson(folder, "01-First.ipynb", ["All checks passed.\n"])
    path = folder / "01-First.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].outputs.append(nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[]))
    nbformat.write(notebook, path)
    assert lessons(tmp_path)[0]["checks_passed"] == 0


def test_an_exercise_shows_as_validated_while_its_saved_notebook_is_the_one_validate_checked(tmp_path):
    notebook = tmp_path / "flask-vs-django" / "01-flask-api" / "01-flask-api.ipynb"
    notebook.parent.mkdir(parents=True)
    notebook.write_text("{}")
    listed = [{"path": "flask-vs-django/01-flask-api/01-flask-api.ipynb"}]
    assert validation(tmp_path, listed) is None, "never validated"
    record_validation(tmp_path, listed[0]["path"], {"success": True, "value": {}})
    assert validation(tmp_path, listed) == "validated, passing"
    record_validation(tmp_path, listed[0]["path"], {"success": True, "value": {"failed": [{"source": "..."}]}})
    assert validation(tmp_path, listed) == "validated, failing"
    os.utime(notebook, ns=(0, notebook.stat().st_mtime_ns + 1_000_000))  # saved again after the Validate
    assert validation(tmp_path, listed) is None
    record_validation(tmp_path, listed[0]["path"], {"success": False, "value": "Traceback ..."})
    assert validation(tmp_path, listed) == "validated, failing"


def test_validations_outside_the_workspace_or_unreadable_are_not_counted(tmp_path):
    outside = tmp_path / "outside.ipynb"
    outside.write_text("{}")
    root = tmp_path / "work"
    root.mkdir()
    record_validation(root, "../outside.ipynb", {"success": True, "value": {}})
    assert not (root / VALIDATIONS).exists()
    notebook = root / "a.ipynb"
    notebook.write_text("{}")
    record_validation(root, "a.ipynb", {"success": True, "value": {}})
    (root / VALIDATIONS).write_text("[not, json")
    assert validation(root, [{"path": "a.ipynb"}]) is None
    assert validation(root, []) is None, "an exercise without notebooks was not validated"


def test_exercises_carry_their_due_date_and_past_due_until_submitted(tmp_path, monkeypatch):
    """What nbgrader's Assignment List lists, with the class's published schedule: due, past due, late policy."""
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    from apilab.course import progress

    exchange = tmp_path / "exchange"
    (exchange / "flask-vs-django").mkdir(parents=True)
    (exchange / "flask-vs-django" / "schedule.json").write_text(json.dumps({
        "late_policy": "A late submission scores 0.",
        "due": {name: "2020-01-31T18:00:00+00:00" for name in ("a-fetched", "b-validated", "c-submitted")}}))
    root = tmp_path / "work"
    notebook = root / "b-validated" / "b-validated.ipynb"
    notebook.parent.mkdir(parents=True)
    notebook.write_text("{}")
    (root / "nbgrader_config.py").write_text(f"c = get_config()\nc.Exchange.root = '{exchange}'\n")
    record_validation(root, "b-validated/b-validated.ipynb", {"success": True, "value": {}})
    listed = [{"course_id": "flask-vs-django", "assignment_id": "a-fetched", "status": "fetched", "notebooks": []},
              {"course_id": "flask-vs-django", "assignment_id": "b-validated", "status": "fetched",
               "notebooks": [{"path": "b-validated/b-validated.ipynb"}]},
              {"course_id": "flask-vs-django", "assignment_id": "c-submitted", "status": "submitted",
               "submissions": [{"timestamp": "2020-01-30 10:00:00 UTC"}]},
              {"course_id": "flask-vs-django", "assignment_id": "d-undated", "status": "released"}]
    monkeypatch.setattr(AssignmentList, "list_assignments", lambda self: {"success": True, "value": listed})
    shown = progress.exercises(root)["exercises"]
    assert [(item["exercise"], item["state"], item["due"], item["overdue"]) for item in shown] == [
        ("a-fetched", "fetched", "2020-01-31T18:00:00+00:00", True),
        ("b-validated", "validated, passing", "2020-01-31T18:00:00+00:00", True),
        ("c-submitted", "submitted", "2020-01-31T18:00:00+00:00", False),
        ("d-undated", "released", None, False)]
    assert {item["late_policy"] for item in shown} == {"A late submission scores 0."}
    # A schedule that cannot be read hides the due dates, never the exercises.
    (exchange / "flask-vs-django" / "schedule.json").write_text("[" * 60_000)
    assert [item["due"] for item in progress.exercises(root)["exercises"]] == [None] * 4


def test_the_server_notes_each_validate_once_and_never_breaks_it(tmp_path, monkeypatch):
    from nbgrader.server_extensions.validate_assignment.handlers import ValidateAssignmentHandler

    from apilab.course import progress_server

    answered = {"success": True, "value": {}}
    monkeypatch.setattr(ValidateAssignmentHandler, "validate_notebook", lambda self, path: answered)
    progress_server.record_validations()
    wrapped = ValidateAssignmentHandler.validate_notebook
    progress_server.record_validations()
    assert ValidateAssignmentHandler.validate_notebook is wrapped, "wrapped twice"

    class Handler:
        root_dir = str(tmp_path)
        log = logging.getLogger("test")

    (tmp_path / "a.ipynb").write_text("{}")
    progress_server._listed["kept"] = (0.0, {})
    generation = progress_server._generation[0]
    assert wrapped(Handler(), "a.ipynb") is answered
    assert validation(tmp_path, [{"path": "a.ipynb"}]) == "validated, passing"
    assert progress_server._listed == {} and progress_server._generation[0] == generation + 1

    def broken(*_):
        raise RuntimeError("the note could not be written")

    monkeypatch.setattr(progress_server, "record_validation", broken)
    assert wrapped(Handler(), "a.ipynb") is answered, "a failed note must not change what Validate answers"


def test_the_learners_own_actions_drop_the_kept_listing_and_a_grading_under_way_is_listed_again_soon(monkeypatch):
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    from apilab.course import progress_server

    def refused(self, course_id, assignment_id):
        raise RuntimeError("the exchange said no")

    monkeypatch.setattr(AssignmentList, "fetch_assignment", lambda self, course_id, assignment_id: "fetched")
    monkeypatch.setattr(AssignmentList, "submit_assignment", refused)
    monkeypatch.setattr(AssignmentList, "fetch_feedback", AssignmentList.fetch_feedback)  # restored after
    progress_server.forget_listing_after_actions()
    wrapped = AssignmentList.fetch_assignment
    progress_server.forget_listing_after_actions()
    assert AssignmentList.fetch_assignment is wrapped, "wrapped twice"
    progress_server._listed["kept"] = (0.0, {})
    assert AssignmentList().fetch_assignment("flask-vs-django", "01-flask-api") == "fetched"
    assert progress_server._listed == {}
    progress_server._listed["kept"] = (0.0, {})
    with pytest.raises(RuntimeError, match="the exchange said no"):
        AssignmentList().submit_assignment("flask-vs-django", "01-flask-api")
    assert progress_server._listed == {}, "a failed Submit may still have changed the exchange"

    idle = {"exercises": [{"state": "submitted"}, {"state": "fetched"}]}
    busy = {"exercises": [{"state": "being graded"}]}
    assert progress_server.kept_for(idle) == progress_server.EXERCISES_TTL > progress_server.BUSY_TTL
    assert progress_server.kept_for(busy) == progress_server.kept_for({"exercises": [], "error": "x"}) == \
        progress_server.BUSY_TTL


def test_a_kept_listing_says_validated_and_past_due_as_they_are_now(tmp_path):
    from apilab.course.progress import as_of_now

    notebook = tmp_path / "a" / "a.ipynb"
    notebook.parent.mkdir()
    notebook.write_text("{}")
    kept = {"exercises": [{"exercise": "a", "state": "fetched", "notebooks": ["a/a.ipynb"],
                           "due": "2999-01-01T00:00:00+00:00"},
                          {"exercise": "b", "state": "submitted", "due": "2000-01-01T00:00:00+00:00"}]}
    assert [(item["state"], item["overdue"]) for item in as_of_now(tmp_path, kept)["exercises"]] == \
        [("fetched", False), ("submitted", False)]
    record_validation(tmp_path, "a/a.ipynb", {"success": True, "value": {}})
    assert as_of_now(tmp_path, kept)["exercises"][0]["state"] == "validated, passing"
    os.utime(notebook, ns=(0, notebook.stat().st_mtime_ns + 1_000_000))  # saved again: no longer validated
    kept["exercises"][0]["due"] = "2000-01-01T00:00:00+00:00"
    assert [(item["state"], item["overdue"]) for item in as_of_now(tmp_path, kept)["exercises"]] == \
        [("fetched", True), ("submitted", False)]
    assert kept["exercises"][0]["state"] == "fetched", "the kept listing itself is left as it was"


def test_a_listing_is_kept_for_its_time_and_never_when_a_drop_came_while_it_was_made(tmp_path, monkeypatch):
    import asyncio

    from apilab.course import progress_server

    made = []

    class Listing:
        returncode = 0

        def __init__(self, drop_midway):
            self.drop_midway = drop_midway

        async def communicate(self):
            made.append(1)
            if self.drop_midway:
                progress_server.forget_listing()  # a Submit while the listing runs
            return json.dumps({"exercises": [{"state": "fetched"}]}).encode(), b""

    drops = iter([True, False, False, False])

    async def start(*args, **kwargs):
        return Listing(next(drops))

    clock = [1000.0]
    monkeypatch.setattr(asyncio, "create_subprocess_exec", start)
    monkeypatch.setattr(progress_server.time, "monotonic", lambda: clock[0])
    progress_server._listed.clear()
    asyncio.run(progress_server.listed_exercises(tmp_path))
    assert progress_server._listed == {}, "a listing begun before a drop was kept"
    asyncio.run(progress_server.listed_exercises(tmp_path))
    clock[0] += progress_server.EXERCISES_TTL - 1
    asyncio.run(progress_server.listed_exercises(tmp_path))
    assert len(made) == 2, "listed again within its time"
    clock[0] += 2
    asyncio.run(progress_server.listed_exercises(tmp_path))
    assert len(made) == 3, "kept past its time"
    progress_server._listed.clear()


def test_the_listing_process_skips_building_jsonschemas_iri_grammar(tmp_path):
    """About a CPU-second of each listing's two: the IRI checker is never needed to list exercises."""
    import subprocess
    import sys

    (tmp_path / "nbgrader_config.py").write_text(f"c = get_config()\nc.Exchange.root = '{tmp_path / 'exchange'}'\n")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "apilab.course.progress", "--exercises",
                           str(tmp_path)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "exercises" in json.loads(done.stdout)
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert "jsonschema._format" in imported, "nbgrader no longer loads jsonschema's formats: this test says nothing"
    assert "lark" not in imported, "the IRI grammar (rfc3987_syntax, with lark) was built"
