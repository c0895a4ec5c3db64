"""Send a few requests at the same moment and see when each one started and finished.

For questions like "does this server handle slow requests one at a time or
together?" a throughput number hides the answer; a timeline shows it::

    timeline = fetch_concurrently(server.url + "/wait/", count=4)
    timeline.finished_s.max()          # 0.3 s: served together; 1.2 s: one after another
    plot_request_timeline(timeline)    # a Chart: the figure, and its alt text from the data

Each request gets its own thread and connection, all released together, so
the client never serialises them. When the server answers JSON with its
``pid`` and the ``started`` and ``finished`` times of its own work (as the
lesson's apps do), ``answered_by`` counts the processes that answered and
``served_at_once`` the most requests the server was working on at one moment:
1 means one after another, whatever the client's clock says.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import requests

from apilab.measure.charts import Chart, framework_colour, new_figure

MAX_COUNT = 64


def _is_loopback(url: str) -> bool:
    return url.startswith(("http://127.0.0.1:", "http://localhost:"))


def fetch_concurrently(url: str, count: int = 4, timeout: float = 10.0) -> pd.DataFrame:
    """GET ``url`` ``count`` times at once; return one row per request (times in s from the release)."""
    if not isinstance(url, str) or not _is_loopback(url):
        raise ValueError(f"url must be an http://127.0.0.1:PORT/... or http://localhost:PORT/... URL, got {url!r}")
    if not (isinstance(count, int) and not isinstance(count, bool) and 1 <= count <= MAX_COUNT):
        raise ValueError(f"count must be a whole number from 1 to {MAX_COUNT}, got {count!r}")
    if not (isinstance(timeout, (int, float)) and timeout > 0):
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    start_line = threading.Barrier(count)

    def one(index: int) -> dict:
        with requests.Session() as session:
            start_line.wait()
            started = time.perf_counter()
            try:
                response = session.get(url, timeout=timeout)
                status, body = response.status_code, response.text[:200]
            except requests.RequestException as error:
                status, body = None, f"{type(error).__name__}: {error}"[:200]
            return {"request": index, "started": started, "finished": time.perf_counter(),
                    "status": status, "body": body}

    with ThreadPoolExecutor(max_workers=count) as pool:
        rows = list(pool.map(one, range(count)))
    table = pd.DataFrame(rows)
    zero = table.started.min()
    table["started_s"] = table.pop("started") - zero
    table["finished_s"] = table.pop("finished") - zero
    table["duration_s"] = table.finished_s - table.started_s
    return table[["request", "started_s", "finished_s", "duration_s", "status", "body"]]


def _bodies(timeline: pd.DataFrame) -> list[dict]:
    if not isinstance(timeline, pd.DataFrame) or "body" not in timeline:
        raise TypeError("timeline must be the DataFrame that fetch_concurrently() returns")
    bodies = []
    for body in timeline.body:
        try:
            parsed = json.loads(body)
        except (TypeError, ValueError):
            continue
        if isinstance(parsed, dict):
            bodies.append(parsed)
    return bodies


def answering_pids(timeline: pd.DataFrame) -> set[int]:
    """The processes that answered: the ``pid`` values in the JSON bodies."""
    return {body["pid"] for body in _bodies(timeline) if isinstance(body.get("pid"), int)}


def answered_by(timeline: pd.DataFrame) -> int:
    """How many processes answered: the distinct ``pid`` values in the JSON bodies."""
    return len(answering_pids(timeline))


def served_at_once(timeline: pd.DataFrame) -> int:
    """The most requests the server was working on at one moment, from its ``started``/``finished`` times."""
    events = []
    for body in _bodies(timeline):
        if isinstance(body.get("started"), (int, float)) and isinstance(body.get("finished"), (int, float)):
            events += [(body["started"], 1), (body["finished"], -1)]
    peak = current = 0
    for _, change in sorted(events):  # at the same instant an end (-1) sorts before a start (+1)
        current += change
        peak = max(peak, current)
    return peak


def plot_request_timelines(timelines: dict, title: str = "When each request was served"):
    """Draw ``{label: timeline}`` side by side on one time axis, one panel per timeline."""
    if not isinstance(timelines, dict) or not timelines:
        raise TypeError("timelines must be a dict of {label: the DataFrame fetch_concurrently() returns}")
    for timeline in timelines.values():
        if not isinstance(timeline, pd.DataFrame) or not {"request", "started_s", "finished_s"} <= set(timeline):
            raise TypeError("each timeline must be the DataFrame that fetch_concurrently() returns")
    rows = max(len(timeline) for timeline in timelines.values())
    fig = new_figure(4.2 * len(timelines), 0.45 * rows + 1.6)
    axes = fig.subplots(1, len(timelines), sharex=True, squeeze=False)
    for ax, (label, timeline) in zip(axes[0], timelines.items()):
        ax.barh(timeline.request, timeline.duration_s, left=timeline.started_s, height=0.6,
                color=framework_colour(label))   # a panel of one framework in its colour, others grey
        ax.set_yticks(timeline.request, [f"request {i}" for i in timeline.request])
        ax.invert_yaxis()
        ax.set_xlabel("seconds since the requests were sent")
        ax.set_xlim(left=0)
        ax.set_title(label, fontsize=10)
        ax.grid(True, axis="x", alpha=0.3)
    fig.suptitle(title)
    return Chart(fig, f"{title}: " + "; ".join(f"{label}, {timeline_words(timeline)}"
                                              for label, timeline in timelines.items()))


def timeline_words(timeline: pd.DataFrame) -> str:
    """A timeline in words: how many requests, when the first and the last answer came (the alt text)."""
    count = f"{len(timeline)} request{'' if len(timeline) == 1 else 's'}"
    return (f"{count}, answered between {timeline.finished_s.min():.1f} s and "
            f"{timeline.finished_s.max():.1f} s after they were sent")


def plot_request_timeline(timeline: pd.DataFrame, title: str = "When each request was served"):
    """Draw one horizontal bar per request, from when it was sent to when its answer arrived."""
    if not isinstance(timeline, pd.DataFrame) or not {"request", "started_s", "finished_s"} <= set(timeline):
        raise TypeError("timeline must be the DataFrame that fetch_concurrently() returns")
    fig = new_figure(7, 0.45 * len(timeline) + 1.4)
    ax = fig.subplots()
    ax.barh(timeline.request, timeline.duration_s, left=timeline.started_s, height=0.6)
    ax.set_yticks(timeline.request, [f"request {i}" for i in timeline.request])
    ax.invert_yaxis()
    ax.set_xlabel("seconds since the requests were sent")
    ax.set_xlim(left=0)
    ax.set_title(title)
    ax.grid(True, axis="x", alpha=0.3)
    return Chart(fig, f"{title}: {timeline_words(timeline)}")
