"""apilab.lessons.request_timeline: concurrent requests are really sent together, and timed."""

import time

import matplotlib
import pytest

from apilab import serve
from apilab.lessons.request_timeline import fetch_concurrently, plot_request_timeline


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
    fig = plot_request_timeline(fetch_concurrently(slow_server.url + "/", count=3))
    assert len(fig.axes[0].patches) == 3 and fig.axes[0].get_xlabel()
