"""Tests of apilab.measure.load: the numbers are right, errors are counted, runs are bounded, nothing is left running.

These check correctness against a server whose behaviour is known, never speed.
"""

import math
import threading
import time

import numpy as np
import pandas as pd
import pytest
from measure_support import children, gone

from apilab.measure import load
from apilab.serving.process_servers import free_port


def test_latency_percentiles_come_out_near_a_known_delay(probe_server, client, no_leftover_processes):
    row = load.measure(probe_server.url + "/sleep?ms=50", concurrency=4, requests=60,
                       duration=20, client=client).iloc[0]
    assert row["client"] == client
    assert row["errors"] == 0
    # Nothing can answer faster than its 50 ms sleep; on a busy machine it may take longer
    # (a unit slip, seconds or microseconds, would be far outside).
    for column in ("p50_ms", "p90_ms", "p99_ms"):
        assert 49 <= row[column] < 400, (column, row[column])
    assert row["p50_ms"] <= row["p90_ms"] <= row["p99_ms"]


def test_a_run_stops_at_its_request_count(probe_server, client, no_leftover_processes):
    row = load.measure(probe_server.url + "/ok", concurrency=4, requests=300, duration=60,
                       client=client).iloc[0]
    # wrk may finish the responses of one event-loop turn after the count: at most one per connection.
    assert 300 <= row["requests"] <= 304
    assert row["duration_s"] < 30
    assert row["requests_per_s"] == pytest.approx(row["requests"] / row["duration_s"])


def test_a_run_stops_at_its_time_limit(probe_server, client, no_leftover_processes):
    started = time.monotonic()
    row = load.measure(probe_server.url + "/sleep?ms=5", concurrency=4, requests=10**9,
                       duration=1.5, client=client).iloc[0]
    elapsed = time.monotonic() - started
    assert 1.0 <= row["duration_s"] <= 2.5, row["duration_s"]
    # Client start-up comes on top of the bound; a generous upper bound checks the bound holds.
    assert elapsed < 8, elapsed
    assert 0 < row["requests"] < 10**9


def test_server_errors_are_counted_not_hidden(probe_server, client, no_leftover_processes):
    row = load.measure(probe_server.url + "/boom", concurrency=2, requests=50, duration=20,
                       client=client).iloc[0]
    assert row["requests"] >= 50
    assert row["errors"] == row["non_2xx"] == row["requests"]
    assert row["timeouts"] == row["connect_errors"] == 0


def test_refused_connections_are_counted(client, no_leftover_processes):
    nothing_listens = f"http://127.0.0.1:{free_port()}/api/products/"
    row = load.measure(nothing_listens, concurrency=2, requests=100, duration=1, client=client).iloc[0]
    assert row["requests"] == 0
    assert row["requests_per_s"] == 0
    assert row["errors"] >= row["connect_errors"] > 0
    assert math.isnan(row["p50_ms"])


def test_timeouts_are_counted(probe_server, client, no_leftover_processes):
    row = load.measure(probe_server.url + "/sleep?ms=1600", concurrency=2, requests=100,
                       duration=3.5, timeout=1, client=client).iloc[0]
    assert row["timeouts"] >= 2
    assert row["errors"] >= row["timeouts"]


def test_every_client_process_is_gone_afterwards(probe_server, client):
    seen: set[int] = set()
    before = children()
    watching = threading.Event()

    def watch():
        while not watching.is_set():
            seen.update(children() - before)
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        load.measure(probe_server.url + "/sleep?ms=5", concurrency=4, requests=10**6,
                     duration=1, client=client)
    finally:
        watching.set()
        watcher.join()
    assert seen, "the run started no client process"
    assert all(gone(pid) for pid in seen)
    assert children() == before


def test_sweep_returns_a_row_per_level_and_repeat(probe_server, client, capsys, no_leftover_processes):
    results = load.sweep(probe_server.url + "/ok", concurrency_levels=[1, 4], repeat=2,
                         requests=40, duration=5, client=client, framework="probe",
                         server="gunicorn", workers=1)
    assert list(results.columns) == load.COLUMNS
    assert len(results) == 4
    assert sorted(zip(results["run"], results["concurrency"])) == [(0, 1), (0, 4), (1, 1), (1, 4)]
    assert set(results["framework"]) == {"probe"} and set(results["client"]) == {client}
    assert (results["requests"] >= 40).all()
    assert capsys.readouterr().err == ""


def test_auto_picks_wrk_when_installed(monkeypatch):
    monkeypatch.setattr(load, "find_program", lambda name: None)
    assert load.which_client() == "python"
    monkeypatch.setattr(load, "find_program", lambda name: "/usr/bin/wrk")
    assert load.which_client() == "wrk"
    assert load.which_client("python") == "python"


def test_a_server_handle_labels_its_rows(probe_server, no_leftover_processes):
    class Handle:
        url = probe_server.url + "/ok"
        base_url = probe_server.url

        def labels(self):
            return {"framework": "probe", "server": "gunicorn", "workers": 1, "instances": 2}

    # numpy's whole numbers (from np.arange, a DataFrame column) are whole numbers too.
    row = load.measure(Handle(), concurrency=np.int64(1), requests=np.int64(5), duration=5).iloc[0]
    assert (row["framework"], row["server"], row["workers"], row["instances"]) == ("probe", "gunicorn", 1, 2)
    assert load.resolve_target(Handle(), "/sleep")[0] == probe_server.url + "/sleep"


@pytest.mark.parametrize("call, message", [
    (lambda: load.measure("http://example.com/api/products/"), "127.0.0.1"),
    (lambda: load.measure("http://10.0.0.1:80/"), "127.0.0.1"),
    (lambda: load.measure(8000), "URL string"),
    (lambda: load.measure("http://127.0.0.1:1/", concurrency=0), "concurrency"),
    (lambda: load.measure("http://127.0.0.1:1/", requests=None), "requests"),
    (lambda: load.measure("http://127.0.0.1:1/", duration=float("inf")), "duration"),
    (lambda: load.measure("http://127.0.0.1:1/", timeout=0), "timeout"),
    (lambda: load.measure("http://127.0.0.1:1/", client="curl"), "client"),
    (lambda: load.measure("http://127.0.0.1:1/", path="api"), "path"),
    (lambda: load.sweep("http://127.0.0.1:1/", concurrency_levels="1,2"), "concurrency_levels"),
    (lambda: load.sweep("http://127.0.0.1:1/", concurrency_levels=[]), "concurrency_levels"),
    (lambda: load.sweep("http://127.0.0.1:1/", concurrency_levels=[1, 2.5]), "concurrency levels"),
    (lambda: load.sweep("http://127.0.0.1:1/", repeat=0), "repeat"),
    (lambda: load.sweep("http://127.0.0.1:1/", colour="red"), "colour"),
])
def test_bad_input_gets_a_clear_one_line_error(call, message):
    with pytest.raises((ValueError, TypeError)) as error:
        call()
    assert message in str(error.value) and "\n" not in str(error.value)


def test_results_are_a_dataframe_with_the_lab_columns():
    assert {"framework", "server", "workers", "concurrency", "requests_per_s", "p50_ms", "p90_ms",
            "p99_ms", "errors", "client"} <= set(load.COLUMNS)
    assert isinstance(load.measure.__doc__, str) and isinstance(pd.DataFrame(columns=load.COLUMNS), pd.DataFrame)


@pytest.mark.parametrize("kwargs, message", [
    ({"url": "http://192.168.1.1:80/"}, "127.0.0.1"),
    ({"url": "https://127.0.0.1:443/"}, "127.0.0.1"),
    ({"connections": 0}, "connections"),
    ({"duration": 0}, "duration"),
    ({"requests": 0}, "requests"),
    ({"timeout": -1}, "timeout"),
    ({"threads": 0}, "threads"),
])
def test_wrk_refuses_bad_input_before_starting(kwargs, message):
    from apilab.measure.wrk import run_wrk

    arguments = {"url": "http://127.0.0.1:1/", **kwargs}
    with pytest.raises(ValueError, match=message):
        run_wrk(**arguments)


def test_a_wrk_report_line_becomes_the_harness_numbers():
    from apilab.measure.wrk import parse_report

    numbers = parse_report(
        "Running 2s test @ http://127.0.0.1:1/\n"
        "APILAB_WRK requests=500 duration_us=2000000 connect=1 read=2 write=3 status=4 timeout=5 "
        "p50_us=1500 p90_us=2500 p99_us=9000 mean_us=1600 max_us=12000\n")
    assert numbers["requests_per_s"] == 250 and numbers["errors"] == 15 and numbers["timeouts"] == 5
    assert (numbers["p50_ms"], numbers["p90_ms"], numbers["p99_ms"]) == (1.5, 2.5, 9.0)


def test_several_python_client_processes_share_the_bounds(probe_server, no_leftover_processes):
    row = load.measure(probe_server.url + "/sleep?ms=20", concurrency=4, requests=60, duration=20,
                       client="python", processes=2).iloc[0]
    assert row["requests"] == 60 and row["errors"] == 0
    assert 19 <= row["p50_ms"] < 400


def test_servers_from_apilab_label_rows_too():
    class InKernel:  # what apilab.serve() returns: .url, .name
        url, name = "http://127.0.0.1:8001", "flask"

    class OutOfProcess:  # what start_process_server() returns: .url, .server, .workers
        url, server, workers = "http://127.0.0.1:8002", "waitress", 1

    assert load.resolve_target(InKernel(), "/api/products/") == (
        "http://127.0.0.1:8001/api/products/", {"framework": "flask", "server": "in-kernel", "workers": 1})
    assert load.resolve_target(OutOfProcess(), "/x")[1] == {"server": "waitress", "workers": 1}



def test_warm_up_reaches_every_request_and_returns_nothing():
    """The warm-up's requests arrive (a counting app sees them) and its numbers are not returned."""
    import apilab

    seen = []

    def counting_app(environ, start_response):
        seen.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]

    with apilab.serve(counting_app, name="warm-up-probe") as server:
        assert load.warm_up(server.url + "/api/products/") is None
    assert len(seen) >= 9 and set(seen) == {"/api/products/"}  # 8 concurrent waits, then the burst
