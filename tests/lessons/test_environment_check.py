"""The environment check reads the course's requirements and finds the real programs."""

from apilab.lessons import environment_check
from apilab.serving import programs


def test_every_requirement_of_the_course_is_listed_and_met_here():
    versions = environment_check.package_versions()
    assert {"flask", "django", "djangorestframework", "nbgrader"} <= set(versions.package)
    assert versions.ok.all(), versions[~versions.ok].to_string()


def test_test_tools_are_listed_only_when_asked():
    # (pytest itself is a course dependency: the Testing-An-API lesson runs it.)
    assert "schemathesis" not in set(environment_check.package_versions().package)
    assert "schemathesis" in set(environment_check.package_versions(include_test_tools=True).package)


def test_programs_say_where_they_are_or_how_to_install(monkeypatch):
    monkeypatch.setattr(programs.shutil, "which", lambda name, path=None: None)
    table = environment_check.programs()
    assert list(table.program) == ["redis-server", "nginx", "wrk"]
    assert table["found at"].str.contains("apt-get install").all()
