"""apilab.lessons.request_timeline: concurrent requests are really sent together, and timed."""

import time

import matplotlib
import pytest

from apilab import serve
from apilab.lessons.request_timeline import (
    answered_by,
    fetch_concurrently,
    plot_request_timeline,
    plot_request_timelines,
    served_at_once,
)


def slow_app(environ, start_response):
    """A WSGI app that waits 0.2 s before answering."""
    time.sleep(0.2)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]


@pytest.fixture
def slow_server():
    """The slow app served in-process from threads (one thread per request)."""
    with serve(slow_app, name="lessons-b-slow") as server:
        yield server


def test_requests_overlap_on_a_threaded_server(slow_server):
    timeline = fetch_concurrently(slow_server.url + "/", count=4)
    assert list(timeline.status) == [200] * 4
    assert timeline.started_s.max() < 0.1  # released together
    assert (timeline.duration_s >= 0.19).all()
    assert timeline.finished_s.max() < 0.6  # not 4 x 0.2 one after another


def test_a_refused_connection_is_a_row_not_an_exception():
    from apilab.serving.process_servers import free_port

    timeline = fetch_concurrently(f"http://127.0.0.1:{free_port()}/", count=2, timeout=2)
    assert timeline.status.isna().all() and timeline.body.str.contains("ConnectionError").all()


@pytest.mark.parametrize("url, count", [("http://example.com/", 2), ("http://127.0.0.1:1/", 0),
                                        ("http://127.0.0.1:1/", 1000)])
def test_bad_input_is_refused(url, count):
    with pytest.raises(ValueError):
        fetch_concurrently(url, count=count)


def test_the_timeline_plot_has_a_bar_per_request(slow_server):
    matplotlib.use("Agg")
    chart = plot_request_timeline(fetch_concurrently(slow_server.url + "/", count=3))
    assert len(chart.figure.axes[0].patches) == 3 and chart.figure.axes[0].get_xlabel()
    assert "3 requests, answered between" in chart.alt


def answers(*windows, pid=1):
    """A timeline whose JSON bodies say which process served each request, and from when to when."""
    import json

    import pandas as pd

    rows = [{"request": index, "started_s": 0.0, "finished_s": end, "duration_s": end, "status": 200,
             "body": json.dumps({"pid": pid if isinstance(pid, int) else pid[index], "started": start,
                                 "finished": end})}
            for index, (start, end) in enumerate(windows)]
    return pd.DataFrame(rows)


def test_served_at_once_counts_overlapping_work_on_the_server():
    assert served_at_once(answers((0, 1), (1, 2), (2, 3))) == 1  # one after another, ends touching starts
    assert served_at_once(answers((0, 1), (0.5, 1.5), (0.9, 2))) == 3
    assert served_at_once(answers((0, 1), (0.5, 1.5), (1.2, 2))) == 2


def test_answered_by_counts_processes_and_ignores_bodies_that_are_not_json():
    timeline = answers((0, 1), (0, 1), (0, 1), pid=[7, 8, 7])
    assert answered_by(timeline) == 2
    timeline.loc[0, "body"] = "ConnectionError: refused"
    assert answered_by(timeline) == 2 and served_at_once(timeline) == 2


def test_the_helpers_refuse_what_is_not_a_timeline():
    with pytest.raises(TypeError):
        served_at_once([{"body": "{}"}])
    with pytest.raises(TypeError):
        plot_request_timelines({})


def test_timelines_side_by_side_get_a_panel_each():
    matplotlib.use("Agg")
    chart = plot_request_timelines({"one": answers((0, 1)), "two": answers((0, 1), (0, 2))})
    assert [ax.get_title() for ax in chart.figure.axes] == ["one", "two"]
    assert [len(ax.patches) for ax in chart.figure.axes] == [1, 2]
    assert "one, 1 request," in chart.alt and "two, 2 requests" in chart.alt


def test_each_panel_is_drawn_in_its_frameworks_colour():
    from matplotlib.colors import to_hex

    from apilab.measure.charts import framework_colour

    matplotlib.use("Agg")
    labels = ["Flask, gthread", "Django under uvicorn", "a WSGI app"]
    chart = plot_request_timelines({label: answers((0, 1)) for label in labels})
    colours = [to_hex(ax.patches[0].get_facecolor()) for ax in chart.figure.axes]
    assert colours == [to_hex(framework_colour(label)) for label in labels]
    assert len(set(colours)) == 3
