"""Practice in the lesson Background-Work: an endpoint that answers 202 with a status URL, and a queue's order.

``check_report_api`` serves the learner's Flask app or Django URL patterns on a free port (and
stops it; Django's URL patterns are put back as they were), starts a report as a client would,
follows the status URL until the job ends, bounded in time, and reads what each answer carried.
"""

from __future__ import annotations

import datetime
import math
import numbers
import time
from collections import Counter
from collections.abc import Callable

from apilab.lessons.practice.feedback import attempt, not_done, one_line, point, report

MONTH = "2026-05"
BAD_MONTH = "May"
GIVE_UP_AFTER_S = 10.0
POLL_EVERY_S = 0.05
ANSWER_WITHIN_S = 5.0   # each request to the learner's server
APART_S = 0.4           # one solo worker ends each report (0.5 s of work) at least this long after the one before
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


def _ask(method: str, url: str, **options) -> tuple[object, str | None]:
    """One request to the learner's server: ``(reply, None)``, or ``(None, why)`` when it did not answer in time."""
    import requests

    try:
        return requests.request(method, url, timeout=ANSWER_WITHIN_S, **options), None
    except requests.Timeout:
        return None, f"no answer within {ANSWER_WITHIN_S:g} s: answer at once: queue the work, don't wait for it"
    except requests.RequestException as error:
        return None, one_line(f"{type(error).__name__}: {error}", 80)


def _round_trip(url: str) -> list:
    """Points for one client's round trip against the API at ``url``."""
    from urllib.parse import urljoin

    refused, error = _ask("POST", url + "/api/reports/", json={"month": BAD_MONTH})
    points = [point(refused is not None and refused.status_code == 400, "a malformed month is refused at once (400)",
                    error or f"it answered {getattr(refused, 'status_code', None)}: "
                    "check the month before queueing anything")]
    asked_at = time.monotonic()
    started, error = _ask("POST", url + "/api/reports/", json={"month": MONTH})
    took_s = time.monotonic() - asked_at
    points.append(point(started is not None and started.status_code == 202,
                        "POST /api/reports/ with a valid month answers 202",
                        error or f"it answered {getattr(started, 'status_code', None)}: the work is queued, not done"))
    if started is None or started.status_code != 202:
        return points
    location = started.headers.get("Location")
    status_url = _json(started).get("status_url")
    location = urljoin(started.url, location) if location else None   # a relative Location is read as a client does
    points.append(point(bool(location) and isinstance(status_url, str)
                        and urljoin(started.url, status_url) == location,
                        "the Location header and the body's status_url give the same status URL",
                        "give the status URL twice: in the Location header and as status_url in the body"))
    points.append(point(_retry_after(started), "the 202 says when to ask (Retry-After)",
                        "add a Retry-After header, in whole seconds, to the 202"))
    if not location:
        return points
    unfinished, states, status = [started], [], None
    deadline = time.monotonic() + GIVE_UP_AFTER_S
    while time.monotonic() < deadline:
        status, error = _ask("GET", location)
        if status is None:
            break
        states.append(_json(status).get("state"))
        if status.status_code not in (200, 202) or states[-1] in FINAL:
            break
        unfinished.append(status)
        time.sleep(POLL_EVERY_S)
    points.append(point(not states or states[0] not in FINAL, "the 202 came before the work was done",
                        f"the 202 took {took_s:.1f} s and the job had ended by then: "
                        "answer at once: queue the work, don't wait for it"))
    state = states[-1] if states else None
    last = error if status is None else f"the last answer was {status.status_code} with state {state!r}"
    points.append(point(status is not None and status.status_code == 200 and state == "SUCCESS"
                        and "result" in _json(status),
                        "the status URL reaches SUCCESS (200), with the result",
                        f"{last}: answer the job's state from the result store"))
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


def _seconds(value) -> float | None:
    """A measured time in seconds (a finite int or float), else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value) if math.isfinite(value) else None


def check_queue_order(finished, predicted_order) -> int | None:
    """Lesson Background-Work: three reports measured on one solo worker, and the order predicted for them."""
    if not isinstance(finished, dict):
        return not_done("measure `finished` (month → seconds until done), set `predicted_order`, and run this again")
    times = {str(month): _seconds(seconds) for month, seconds in finished.items()}
    times = {month: seconds for month, seconds in times.items() if seconds is not None}
    timedeltas = any(isinstance(seconds, datetime.timedelta) for seconds in finished.values())
    measured = sorted(times, key=times.get)
    results = [point(len(finished) == 3 and len(times) == 3, "`finished` holds three reports, each with its time",
                     "give each time in seconds, as a number (timedelta.total_seconds())" if timedeltas else
                     f"{len(times)} of {len(finished)} months have a time: poll until all three say SUCCESS")]
    ends = sorted(times.values())
    results.append(point(len(ends) == 3 and all(b - a >= APART_S for a, b in zip(ends, ends[1:])),
                         "your times are measured on one solo worker",
                         f"one solo worker ends one report at least {APART_S:g} s after the one before: "
                         "measure the times by polling, don't type them in"))
    listed = [str(month) for month in predicted_order] if isinstance(predicted_order, (list, tuple)) else None
    results.append(point(listed is not None and Counter(listed) == Counter(str(month) for month in finished),
                         "`predicted_order` lists the same three months",
                         "a list of the months you started, in the order you expect them to finish"))
    results.append(point(listed == measured and len(times) == 3, "your predicted order is the order measured",
                         "sort `finished` by time: how many tasks does one solo worker run at once?"))
    return report(results)
