"""Practice in the lesson Background-Work: an endpoint that answers 202 with a status URL, and a queue's order.

``check_report_api`` serves the learner's Flask app or Django URL patterns on a free port (and
stops it; Django's URL patterns are put back as they were), starts a report as a client would,
follows the status URL until the job ends, bounded in time, and reads what each answer carried.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from apilab.lessons.practice.feedback import attempt, not_done, point, report

MONTH = "2026-05"
BAD_MONTH = "May"
GIVE_UP_AFTER_S = 10.0
POLL_EVERY_S = 0.05
FINAL = ("SUCCESS", "FAILURE")


def _json(reply) -> dict:
    try:
        body = reply.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _retry_after(reply) -> bool:
    """The reply says when to ask again: ``Retry-After`` in whole seconds."""
    return str(reply.headers.get("Retry-After", "")).strip().isdigit()


def _round_trip(url: str) -> list:
    """Points for one client's round trip against the API at ``url``."""
    import requests

    refused = requests.post(url + "/api/reports/", json={"month": BAD_MONTH}, timeout=5)
    points = [point(refused.status_code == 400, "a malformed month is refused at once (400)",
                    f"it answered {refused.status_code}: check the month before queueing anything")]
    started = requests.post(url + "/api/reports/", json={"month": MONTH}, timeout=5)
    points.append(point(started.status_code == 202, "POST /api/reports/ with a valid month answers 202",
                        f"it answered {started.status_code}: the work is queued, not done"))
    if started.status_code != 202:
        return points
    location = started.headers.get("Location")
    points.append(point(bool(location) and _json(started).get("status_url") == location,
                        "the Location header and the body's status_url give the same status URL",
                        "give the status URL twice: in the Location header and as status_url in the body"))
    points.append(point(_retry_after(started), "the 202 says when to ask (Retry-After)",
                        "add a Retry-After header, in whole seconds, to the 202"))
    if not location:
        return points
    unfinished, state = [started], None
    deadline = time.monotonic() + GIVE_UP_AFTER_S
    while time.monotonic() < deadline:
        status = requests.get(location, timeout=5)
        state = _json(status).get("state")
        if status.status_code != 200 or state in FINAL:
            break
        unfinished.append(status)
        time.sleep(POLL_EVERY_S)
    points.append(point(state == "SUCCESS" and "result" in _json(status),
                        "the status URL reaches SUCCESS, with the result",
                        f"the last answer was {status.status_code} with state {state!r}: "
                        "answer the job's state from the result store"))
    points.append(point(all(_retry_after(reply) for reply in unfinished),
                        "every answer before the end says when to ask again (Retry-After)",
                        "while the state is not final, the status view adds a Retry-After header too"))
    return points


def check_report_api(make_report_api: Callable, celery_app) -> int | None:
    """Lesson Background-Work: the learner's Flask app or Django URL patterns, from ``make_report_api()``."""
    from django.urls import get_resolver
    from flask import Flask

    from apilab.django_project.setup import serve_django, use_urlpatterns
    from apilab.serving.servers import serve

    api, error = attempt(make_report_api)
    if api is None and error is None:
        return not_done("make `make_report_api()` return a Flask app or Django URL patterns, and run this again")
    if celery_app is None:
        return not_done("this check needs the lesson's Redis and worker, which did not start (see above)")
    if error is not None:
        return report([point(False, "make_report_api()", error)])
    if not isinstance(api, (Flask, list, tuple)):
        return report([point(False, "make_report_api() returns a Flask app or a list of Django URL patterns",
                             f"it returned a {type(api).__name__}")])
    previous = None if isinstance(api, Flask) else list(get_resolver().url_patterns)
    try:
        server, error = attempt(serve, api, name="practice-reports") if isinstance(api, Flask) else attempt(
            serve_django, list(api), name="practice-reports")
        if server is None:
            return report([point(False, "serving your API", error)])
        with server:
            points, error = attempt(_round_trip, server.url)
        return report(points if error is None else [point(False, "the round trip", error)])
    finally:
        if previous is not None:
            use_urlpatterns(previous)


def check_queue_order(finished, predicted_order) -> int | None:
    """Lesson Background-Work: three reports measured on one solo worker, and the order predicted for them."""
    if not isinstance(finished, dict):
        return not_done("measure `finished` (month → seconds until done), set `predicted_order`, and run this again")
    times = {month: seconds for month, seconds in finished.items()
             if isinstance(seconds, (int, float)) and not isinstance(seconds, bool)}
    measured = sorted(times, key=times.get)
    results = [point(len(finished) == 3 and len(times) == 3, "`finished` holds three reports, each with its time",
                     f"{len(times)} of {len(finished)} months have a time: poll until all three say SUCCESS")]
    listed = list(predicted_order) if isinstance(predicted_order, (list, tuple)) else None
    results.append(point(listed is not None and sorted(listed) == sorted(finished),
                         "`predicted_order` lists the same three months",
                         "a list of the months you started, in the order you expect them to finish"))
    results.append(point(listed == measured and len(times) == 3, "your predicted order is the order measured",
                         "sort `finished` by time: how many tasks does one solo worker run at once?"))
    return report(results)
