"""Self-checks of lesson Setting-Up-The-Environment: "not done yet", all passed, hints that do not give the answer."""

import datetime
import importlib.metadata

from flask import Flask

import apilab
from apilab.lessons import environment_check
from apilab.lessons.practice.setting_up import check_clock, check_reported_versions

PACKAGES = ["django", "djangorestframework", "flask"]


def real_versions() -> dict:
    return {"python": environment_check.python_version(),
            **{name: importlib.metadata.version(name) for name in PACKAGES}}


def make_clock_app(now=lambda: datetime.datetime.now(datetime.UTC)):
    app = Flask("clock-test")

    @app.get("/api/time/")
    def current_time():
        return {"utc": now().isoformat()}

    return app


def test_the_templates_are_not_done_yet(capsys):
    assert check_reported_versions({"python": None, "django": None, "djangorestframework": None,
                                    "flask": None}, None) is None
    assert check_clock(None, None) is None
    out = capsys.readouterr().out
    assert out.count("not done yet") == 2 and "✓" not in out and "✗" not in out


def test_the_model_answers_pass(capsys):
    met = bool(environment_check.package_versions()["ok"].all())
    assert check_reported_versions(real_versions(), met) == 0
    app = make_clock_app()
    clock = apilab.serve(app, name="clock")
    clock.stop()
    assert check_clock(app, clock) == 0
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 2 and "✗" not in out


def test_a_wrong_version_gets_a_hint_without_the_installed_one(capsys):
    wrong = {**real_versions(), "django": "4.0", "Flask": real_versions()["flask"]}
    assert check_reported_versions(wrong, "yes") == 2
    out = capsys.readouterr().out
    (django_line,) = [line for line in out.splitlines() if line.startswith("✗ django")]
    assert "you reported '4.0'" in django_line
    assert importlib.metadata.version("django") not in out          # the installed version is never printed
    assert "✗ whether every requirement is met" in out


def test_a_wrong_clock_and_a_running_server_get_hints(capsys):
    local_time = make_clock_app(now=lambda: datetime.datetime(2001, 1, 1, 12, 0))   # naive, and long ago
    server = apilab.serve(local_time, name="clock-test")
    try:
        assert check_clock(local_time, server) == 3
    finally:
        server.stop()
    out = capsys.readouterr().out
    assert "✗ \"utc\" is the current time" in out
    assert "✗ `clock` is the handle of a server named \"clock\": its name is 'clock-test'" in out
    assert "✗ the server is stopped" in out


def test_an_app_that_raises_gets_a_failed_point_not_a_traceback(capsys):
    def broken_app(environ, start_response):
        raise RuntimeError("no clock here")

    assert check_clock(broken_app, None) == 3
    out = capsys.readouterr().out
    assert "✗ GET /api/time/ answers 200: RuntimeError: no clock here" in out
    assert check_clock("not an app", None) == 3
    assert "not a WSGI app" in capsys.readouterr().out
