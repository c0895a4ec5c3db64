"""Fixtures for the scaling lab's tests: a probe app with known behaviour, and process accounting."""

import textwrap
import time

import psutil
import pytest
from measure_support import children, require

from apilab.serving.process_servers import start_process_server

PROBE_APP = textwrap.dedent('''
    """A WSGI app whose behaviour the harness's numbers can be checked against."""
    import os
    import time
    from urllib.parse import parse_qs


    def app(environ, start_response):
        path = environ["PATH_INFO"]
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if path == "/sleep":
            time.sleep(float(query["ms"][0]) / 1000)
        status = "500 Internal Server Error" if path == "/boom" else "200 OK"
        body = str(os.getpid()).encode()
        start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]
''')


@pytest.fixture
def no_leftover_processes():
    """Fail the test if it leaves any process running that it started."""
    before = children()
    yield
    deadline = time.monotonic() + 3
    while children() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    left = set()
    for pid in children() - before:
        try:  # a worker a server of the module's respawned (its parent was running before the test) is not the test's
            if psutil.Process(pid).ppid() not in before:
                left.add(pid)
        except psutil.NoSuchProcess:
            pass
    assert not left, f"processes left running: {[psutil.Process(p).cmdline() for p in left]}"


@pytest.fixture(scope="module")
def probe_server(tmp_path_factory):
    """The probe app under gunicorn with 16 threads: /ok, /boom (500), /sleep?ms=N."""
    folder = tmp_path_factory.mktemp("probe")
    (folder / "load_probe_app.py").write_text(PROBE_APP)
    with start_process_server("load_probe_app:app", server="gunicorn", threads=16,
                              pythonpath=[folder]) as server:
        yield server


@pytest.fixture(params=["wrk", "python"])
def client(request):
    """Each of the harness's clients in turn."""
    if request.param == "wrk":
        require("wrk")
    return request.param
