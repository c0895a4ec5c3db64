"""Ask and measure exercise 3's two apps, each served in a process of its own (``python -m`` this module).

``ask_endpoint`` starts one app file under waitress and GETs /api/products/ once;
``remeasure`` measures its throughput briefly under gunicorn (2 workers, bounded
in count and time). The notebook's test cells call them in the learner's kernel;
the grader runs this module as a program inside the grading sandbox, on the app
files the verification runner exported:

    python -m apilab.exercises.scaling.probe APP_FOLDER [flask=LEVEL] [django=LEVEL]

prints one JSON object, {"endpoints": {target: answer}, "measured": {key: {"requests_per_s"} or
{"error"}}}, on the stdout it started with (the servers' output goes elsewhere).
"""

from __future__ import annotations

import json
import os
import sys
import time

from apilab.exercises.scaling.rules import TARGETS

PATH = "/api/products/"
REQUESTS = 400  # a re-measurement stops at this many requests ...
SECONDS = 0.5  # ... or after this long
TRIES = 3  # in the notebook, a re-measurement out of range is taken again this many times in all ...
PAUSE = 1.0  # ... this many seconds apart: another process's burst of load on a shared machine passes
_remeasured: dict = {}


def _last_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return (lines[-1] if lines else type(error).__name__)[:300]


def ask_endpoint(target: str, app_folder: str) -> dict:
    """Serve ``target`` from ``app_folder`` under waitress and GET /api/products/: status, content_type, text."""
    import requests

    from apilab.serving.process_servers import start_process_server

    try:
        with start_process_server(target, server="waitress", pythonpath=[app_folder]) as server:
            response = requests.get(server.url + PATH, timeout=10)
    except Exception as error:  # the app does not start or answer: say how
        return {"error": _last_line(error)}
    return {"status": response.status_code, "content_type": response.headers.get("Content-Type", ""),
            "text": response.text[:5000]}


def remeasure(app_folder: str, key: str, concurrency: int) -> float:
    """Requests per second of one app of Part 1 ("flask" or "django"), measured briefly under gunicorn.

    Cached, so that the two test cells that compare with it see the same figure (``forget`` drops it).
    """
    import requests

    from apilab.measure import load
    from apilab.serving.process_servers import start_process_server

    cache_key = (os.fspath(app_folder), key, int(concurrency))
    if cache_key not in _remeasured:
        with start_process_server(TARGETS[key], server="gunicorn", workers=2, pythonpath=[app_folder]) as server:
            requests.get(server.url + PATH, timeout=30)
            row = load.measure(server, concurrency=int(concurrency), requests=REQUESTS, duration=SECONDS, path=PATH)
        _remeasured[cache_key] = float(row["requests_per_s"].iloc[0])
    return _remeasured[cache_key]


def forget(app_folder: str, levels: dict[str, int]) -> None:
    """Drop the cached re-measurements of ``levels`` ({key: concurrency}): the next ones measure again."""
    for key, level in levels.items():
        _remeasured.pop((os.fspath(app_folder), key, int(level)), None)


def measured_again(app_folder: str, levels: dict[str, int]) -> dict:
    """{key: {"requests_per_s": ...} or {"error": ...}} for each app of ``levels`` ({key: concurrency})."""
    measured = {}
    for key, level in levels.items():
        try:
            measured[key] = {"requests_per_s": remeasure(app_folder, key, level)}
        except Exception as error:  # the app does not start: Part 1's test says why
            measured[key] = {"error": type(error).__name__}
    return measured


def measured_problem_here(found: dict, app_folder: str) -> str:
    """``rules.measured_problem`` with the apps in ``app_folder`` measured again from this process.

    A figure out of range is measured again, up to TRIES times in all: a short run on a shared machine
    can fall in another process's burst of load, and made-up numbers stay out of range however often.
    """
    from apilab.exercises.scaling.rules import levels_to_measure, measured_problem

    levels = levels_to_measure(found)
    problem = measured_problem(found, measured_again(app_folder, levels))
    for _ in range(TRIES - 1):
        if not problem:
            break
        time.sleep(PAUSE)
        forget(app_folder, levels)
        problem = measured_problem(found, measured_again(app_folder, levels))
    return problem


def _not_readable_by_the_apps() -> None:
    """Keep the apps this process starts (same user) from reading or writing its memory and descriptors."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except (OSError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: python -m apilab.exercises.scaling.probe APP_FOLDER [flask=LEVEL] [django=LEVEL]",
              file=sys.stderr)
        return 2
    app_folder, pairs = argv[0], argv[1:]
    levels = {}
    for pair in pairs:
        key, _, level = pair.partition("=")
        if key not in TARGETS or not level.isdigit() or not 1 <= int(level) <= 64:
            print(f"expected flask=LEVEL or django=LEVEL (1 to 64), got {pair!r}", file=sys.stderr)
            return 2
        levels[key] = int(level)
    _not_readable_by_the_apps()
    replies = os.fdopen(os.dup(1), "w")  # the result goes here; fd 1 (inherited by nothing) is stderr now
    os.dup2(2, 1)
    result = {"endpoints": {target: ask_endpoint(target, app_folder) for target in TARGETS.values()},
              "measured": measured_again(app_folder, levels)}
    replies.write(json.dumps(result) + "\n")
    replies.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
