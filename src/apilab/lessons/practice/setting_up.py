"""Practice in the lesson Setting-Up-The-Environment: report this kernel's versions; serve a clock and stop it."""

from __future__ import annotations

import datetime
import importlib.metadata

from apilab.lessons import environment_check
from apilab.lessons.practice.feedback import not_done, one_line, point, report
from apilab.lessons.practice.wsgi_requests import ErrorsStream, status_hint, within_time
from apilab.serving.servers import InKernelServer, running_servers

PACKAGES = ["django", "djangorestframework", "flask"]
CLOCK_PATH = "/api/time/"
CLOCK_NAME = "clock"
CLOCK_TOLERANCE = datetime.timedelta(minutes=2)


def _installed(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_reported_versions(my_versions, all_requirements_met) -> int | None:
    """Lesson Setting-Up: the versions the learner read from the kernel, and whether every requirement is met."""
    if not isinstance(my_versions, dict) or all(value is None for value in my_versions.values()):
        return not_done("fill `my_versions` with the versions you read above, set `all_requirements_met`, run again")
    reported = {str(name).lower().replace("_", "-"): value for name, value in my_versions.items()}
    actual = {"python": environment_check.python_version(), **{name: _installed(name) for name in PACKAGES}}
    results = []
    for name, version in actual.items():
        given = reported.get(name)
        where = "`python_version()`" if name == "python" else "the `installed` column of `versions`"
        hint = (f"no key {name!r} in `my_versions`" if name not in reported
                else f"you reported {one_line(repr(given), 30)}; read {where}")
        results.append(point(given is not None and str(given).strip() == version, f"{name}'s version", hint))
    met = bool(environment_check.package_versions()["ok"].all())
    said = _truth(all_requirements_met)
    results.append(point(said is met, "whether every requirement is met",
                         f"you said {one_line(repr(all_requirements_met), 30)}; "
                         "a True or False read from the `ok` column of `versions`"))
    return report(results)


def _truth(value) -> bool | None:
    """A learner's True or False (numpy's bools too), or None for None, a string or what has no single truth."""
    if value is None or isinstance(value, (str, bytes)):
        return None
    try:
        return bool(value)
    except Exception:       # e.g. a whole column: "the truth value of a Series is ambiguous"
        return None


def _ask_clock(clock_app, errors: ErrorsStream):
    """The status, content type and JSON body ``clock_app`` answers to GET /api/time/ (no server needed)."""
    from werkzeug.test import Client

    reply = Client(clock_app).get(CLOCK_PATH, errors_stream=errors)
    body = reply.get_json(silent=True) if hasattr(reply, "get_json") else None
    return reply.status_code, reply.headers.get("Content-Type", ""), body


def _utc_time(text) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.utcoffset() == datetime.timedelta(0) else None


def check_clock(clock_app, clock) -> int | None:
    """Lesson Setting-Up: ``clock_app`` answers the UTC time at /api/time/; ``clock`` served it and is stopped."""
    if clock_app is None and clock is None:
        return not_done("build `clock_app`, serve it, keep the handle in `clock`, stop it, then run this again")
    errors = ErrorsStream()
    if not callable(clock_app):
        answered, error = None, f"`clock_app` is a {type(clock_app).__name__}, not a WSGI app"
    else:
        answered, error = within_time(_ask_clock, clock_app, errors)
    status, content_type, body = answered or (None, "", None)
    results = [point(status == 200, f"GET {CLOCK_PATH} answers 200",
                     error or status_hint(status, CLOCK_PATH, errors, f"it answered {status}"))]
    if status == 200:
        utc = _utc_time(body.get("utc")) if isinstance(body, dict) else None
        results.append(point("json" in content_type and isinstance(body, dict) and "utc" in body,
                             'the answer is a JSON object with the key "utc"',
                             "it sent no JSON object with that key; return a dict from the view"
                             if "json" not in content_type or not isinstance(body, dict)
                             else 'no key "utc" in it; return a dict with that key'))
        now = datetime.datetime.now(datetime.UTC)
        results.append(point(utc is not None and abs(now - utc) < CLOCK_TOLERANCE,
                             '"utc" is the current time in ISO format, in UTC',
                             "send the .isoformat() of a datetime made in UTC (the task's hint shows how)"))
    served = isinstance(clock, InKernelServer)
    results.append(point(served and clock.name == CLOCK_NAME, f'`clock` is the handle of a server named "{CLOCK_NAME}"',
                         f"`clock` is {type(clock).__name__}; keep what apilab.serve(...) returns"
                         if not served else f"its name is {one_line(repr(clock.name), 30)}; pass name= to serve"))
    results.append(point(served and not clock.running and CLOCK_NAME not in running_servers(),
                         "the server is stopped", "call .stop() on the handle once you have your answer"))
    return report(results)
