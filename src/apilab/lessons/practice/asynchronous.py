"""Practice in the lesson Asynchronous-APIs: waits that overlap in one process, and a capped gevent worker.

Both checks serve the learner's ``ServingSetup`` in a process of its own (started and stopped
by the check), send requests at once and count, from the server's own start and finish
times, how many it worked on at the same moment: overlap is counted, never timed.
"""

from __future__ import annotations

import time

import pandas as pd

from apilab.lessons.practice.feedback import attempt, not_done, point, report
from apilab.lessons.request_timeline import answered_by, fetch_concurrently, served_at_once
from apilab.lessons.waiting_comparison import ServingSetup

AT_ONCE = 4     # requests sent at once to the learner's setup
ALL_EIGHT = 8   # requests at once in the capped-worker item
BOOT_S = 8.0    # how long a server may take to give its first answer


def _one_round(setup: ServingSetup, count: int, cwd) -> tuple[pd.DataFrame, str]:
    """Serve ``setup`` (stopped at the end), wait for its first answer, then send ``count`` requests at once;
    return the requests and the last line of the server's log."""
    with setup.start(cwd) as server:
        url = server.url + setup.path
        deadline = time.monotonic() + BOOT_S
        while True:                               # workers boot after the server listens: wait for each
            first = fetch_concurrently(url, count=min(setup.workers, count), timeout=5)
            answered = first.status.notna().all()
            if (answered and ((first.status != 200).any() or answered_by(first) >= setup.workers)
                    or not server.running or time.monotonic() > deadline):
                break
            time.sleep(0.2)
        timeline = first if (first.status != 200).any() else fetch_concurrently(url, count=count, timeout=10)
        lines = [line for line in server.log().splitlines() if line.strip()]
        return timeline, (lines[-1] if lines else "")


def _timed_answers(requests: pd.DataFrame) -> bool:
    """Every request answered 200 with the JSON of the lesson's apps (what it waited, its pid, start, finish)."""
    import json

    if (requests.status != 200).any():
        return False
    try:
        bodies = [json.loads(body) for body in requests.body]
    except ValueError:
        return False
    return all(isinstance(body, dict) and (body.get("waited_s") or 0) > 0 and "pid" in body for body in bodies)


def _why_no_answers(timeline: pd.DataFrame, last_log_line: str) -> str:
    """A hint for requests that did not all get the lesson's waiting answer: not served, not found, or failed."""
    statuses = [int(status) for status in timeline.status if status == status and status is not None]
    log = f" The server's log ends: {last_log_line}" if last_log_line else ""
    if not statuses:
        return "the server stopped without answering: does its target import from the apps' folder?" + log
    if any(status >= 500 for status in statuses):
        return f"it answered {max(statuses)}: the app failed on this request." + log
    if 404 in statuses:
        return "it answered 404: which endpoint of the two apps waits?"
    return f"it answered status {statuses[0]}: which endpoint of the two apps waits (its answers say so)?"


def _serving_points(setup: ServingSetup, count: int, cwd, what: str) -> list:
    """Serve ``setup``, send ``count`` requests at once; points for the answers, one process and the overlap."""
    served, error = attempt(_one_round, setup, count, cwd)
    if served is None:
        return [point(False, f"{what}: serving it",
                      f"the server did not start: does its target import from the apps' folder? ({error})")]
    timeline, last_log_line = served
    if len(timeline) < count or not _timed_answers(timeline):
        return [point(False, f"{what}: {count} answers from a waiting endpoint",
                      _why_no_answers(timeline, last_log_line))]
    answered, processes, at_once = True, answered_by(timeline), served_at_once(timeline)
    return [
        point(answered, f"{what}: {count} answers from a waiting endpoint",
              "serve flask_async or django_async and one of their endpoints that wait (their answers say so)"),
        point(answered and processes == 1 and setup.workers == 1, f"{what}: one worker process",
              f"{processes} processes answered: keep one worker process and hold more waits inside it"),
        point(answered and at_once == count, f"{what}: {count} requests worked on at the same time",
              f"the server worked on at most {at_once} at once: what holds a waiting request in this worker?"),
    ]


def check_overlapping(overlapping, cwd) -> int | None:
    """Lesson Asynchronous-APIs: ``overlapping``, a ServingSetup whose one process works on four waits at once."""
    if overlapping is None:
        return not_done("assign a ServingSetup to `overlapping`, and run this again")
    if not isinstance(overlapping, ServingSetup):
        return report([point(False, "`overlapping` is a ServingSetup",
                             f"it is a {type(overlapping).__name__}; build it with ServingSetup(...) as above")])
    return report(_serving_points(overlapping, AT_ONCE, cwd, "your setup"))


def _same(value, expected) -> bool:
    """``value == expected``, False when the comparison itself fails (a learner's odd value)."""
    try:
        return bool(value == expected)
    except Exception:
        return False


def _capped_row(capped: pd.DataFrame):
    """The row of ``capped`` that measured a gevent worker holding two connections (the first such), or None."""
    try:
        compared = capped["what is compared"]
        rows = capped[(compared["worker class"] == "gevent") & (compared["per process"] == "2 connections")]
        return rows.iloc[0] if len(rows) else None
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None


def _summary_figure(row, column: tuple):
    try:
        return None if row is None else row[column]
    except (KeyError, IndexError, TypeError):
        return None


def check_capped_worker(capped, predicted_at_once, all_eight, cwd) -> int | None:
    """Lesson Asynchronous-APIs: the two-connection gevent worker measured, predicted, and the fix served."""
    if capped is None and predicted_at_once is None and all_eight is None:
        return not_done("predict, measure into `capped`, set `all_eight`, and run this again")
    results = []
    if not isinstance(capped, pd.DataFrame):
        results.append(point(False, "`capped`, your measurement", "the table summarise_waiting() returns"))
    else:
        row = _capped_row(capped)
        sent = _summary_figure(row, ("what is compared", "requests at once"))
        results.append(point(row is not None and _same(sent, ALL_EIGHT),
                             "`capped`: a gevent worker, two connections, eight requests at once",
                             "no row of it measured a gevent worker holding 2 connections" if row is None else
                             f"its gevent row with 2 connections was sent {sent} at once"))
        measured = _summary_figure(row, ("served at once", "highest"))
        results.append(point(measured is not None and _same(predicted_at_once, measured),
                             "your prediction of the requests served at once",
                             f"you predicted {predicted_at_once!r}: compare it with the 'served at once' of `capped`"))
    if not isinstance(all_eight, ServingSetup):
        results.append(point(False, "`all_eight`, a ServingSetup", "build it with ServingSetup(...) as above"))
    else:
        results.append(point(all_eight.worker_class == "gevent" and all_eight.server == "gunicorn",
                             "`all_eight` still uses gunicorn's gevent worker", "change the limit, not the worker"))
        results += _serving_points(all_eight, ALL_EIGHT, cwd, "all_eight")
    return report(results)
