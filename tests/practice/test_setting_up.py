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


def test_numpy_bools_are_accepted_and_strings_or_none_are_not(capsys):
    import numpy as np

    ok = environment_check.package_versions()["ok"]
    assert check_reported_versions(real_versions(), ok.all()) == 0          # numpy's bool, as `.all()` gives
    assert check_reported_versions(real_versions(), np.bool_(not ok.all())) == 1
    assert check_reported_versions(real_versions(), str(bool(ok.all()))) == 1
    assert check_reported_versions(real_versions(), ok) == 1                # a whole column has no single truth
    assert "✗ whether every requirement is met" in capsys.readouterr().out


def make_app_with(view, path="/api/time/"):
    app = Flask("clock-outcomes")
    app.add_url_rule(path, view_func=view)
    return app


def test_a_raising_view_is_named_from_its_errors_and_nothing_reaches_stderr(capsys, monkeypatch):
    import logging

    monkeypatch.setattr(logging.root, "handlers", [])   # as in a notebook: Flask logs to the request's errors stream

    def current_time():
        raise ZeroDivisionError("no clock here")

    assert check_clock(make_app_with(current_time), None) == 3
    captured = capsys.readouterr()
    assert "✗ GET /api/time/ answers 200: your view raised ZeroDivisionError: no clock here" in captured.out
    assert captured.err == ""


def test_a_wrong_path_gets_the_path_hint(capsys):
    check_clock(make_app_with(lambda: {"utc": "x"}, "/api/clock/"), None)
    assert "answers 200: it answered 404: is a route's path exactly /api/time/?" in capsys.readouterr().out


def test_a_view_that_never_answers_is_a_failed_point_in_time(capsys):
    import threading

    release = threading.Event()

    def current_time():
        release.wait(30)
        return {"utc": "late"}

    started = datetime.datetime.now()
    try:
        assert check_clock(make_app_with(current_time), None) == 3
    finally:
        release.set()
    assert datetime.datetime.now() - started < datetime.timedelta(seconds=20)
    assert "no answer within 5 s" in capsys.readouterr().out


def test_no_hint_is_long(capsys):
    long_name = "x" * 500
    check_reported_versions({"python": long_name, "django": long_name}, long_name)
    server = apilab.serve(make_clock_app(), name=long_name)
    try:
        check_clock(make_app_with(lambda: ({"utc": 1}, 200, {"Content-Type": "application/json; " + long_name})),
                    server)
    finally:
        server.stop()
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line) <= 200 for line in lines)
