"""Tests of apilab.measure.comparisons: side-by-side runs return labelled rows and leave nothing running."""

import pytest
from measure_support import require

from apilab.measure import comparisons


def test_frameworks_are_measured_in_turn_at_each_level(no_leftover_processes):
    results = comparisons.compare_frameworks(["flask", "drf"], workers=1, concurrency_levels=[1, 2],
                                             repeat=2, duration=0.3, client="python")
    assert len(results) == 8
    assert list(results["framework"][:4]) == ["flask", "drf", "flask", "drf"]  # interleaved
    assert set(results["concurrency"]) == {1, 2} and set(results["run"]) == {0, 1}
    assert (results["requests"] > 0).all() and (results["errors"] == 0).all()


def test_the_development_servers_are_each_frameworks_own(no_leftover_processes):
    results = comparisons.compare_frameworks(["flask", "django"], server="development",
                                             concurrency_levels=[1], repeat=1, duration=0.3)
    assert dict(zip(results["framework"], results["server"])) == {"flask": "werkzeug", "django": "django-dev"}


def test_workers_and_instances_label_their_rows(no_leftover_processes):
    workers = comparisons.compare_workers("wsgi", workers=[1, 2], concurrency=2, repeat=1, duration=0.3)
    assert list(workers["workers"]) == [1, 2]
    require("nginx")
    instances = comparisons.compare_instances("wsgi", instances=[1, 2], concurrency=2, repeat=1,
                                              duration=0.3)
    assert list(instances["instances"]) == [1, 2] and set(instances["server"]) == {"nginx+gunicorn"}


def test_the_cache_comparison_measures_the_slow_endpoint_both_ways(no_leftover_processes):
    require("redis-server")
    results = comparisons.compare_cache(["flask"], slow_ms=5, workers=1, concurrency=2, duration=1)
    assert list(results["cache"]) == ["none", "Redis"]
    assert (results["errors"] == 0).all() and (results["requests"] > 0).all(), results.to_dict("records")


@pytest.mark.parametrize("call, message", [
    (lambda: comparisons.compare_frameworks(["flask", "rails"]), "frameworks"),
    (lambda: comparisons.compare_frameworks([]), "frameworks"),
    (lambda: comparisons.compare_frameworks(concurrency_levels=[0]), "concurrency_levels"),
    (lambda: comparisons.compare_workers(workers="4"), "workers"),
    (lambda: comparisons.compare_instances(instances=[]), "instances"),
    (lambda: comparisons.compare_cache(["wsgi"]), "no cache"),
])
def test_bad_input_gets_a_clear_one_line_error(call, message):
    with pytest.raises((ValueError, TypeError)) as error:
        call()
    assert message in str(error.value) and "\n" not in str(error.value)


def test_the_clients_comparison_puts_the_harness_beside_plain_wrk(no_leftover_processes):
    require("wrk")
    from apilab.measure.bench_servers import start_bench_server

    with start_bench_server("wsgi") as server:
        table = comparisons.compare_clients(server, concurrency_levels=[2], repeat=1, seconds=1)
    (row,) = table.to_dict("records")
    assert row["framework"] == "wsgi" and row["concurrency"] == 2 and row["wrk_req_s"] > 0
    assert row["harness_wrk_ratio"] == row["harness_wrk_req_s"] / row["wrk_req_s"]
    assert row["harness_python_ratio"] == row["harness_python_req_s"] / row["wrk_req_s"]
    # CPU time per request of each client: positive, and below a second (a unit slip would not be).
    assert 0 < row["wrk_cpu_us_per_request"] < 1e6 and 0 < row["python_cpu_us_per_request"] < 1e6


@pytest.mark.parametrize("kwargs, message", [
    ({"seconds": 0.5}, "seconds"), ({"repeat": 0}, "repeat"), ({"concurrency_levels": [0]}, "concurrency"),
])
def test_the_clients_comparison_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        comparisons.compare_clients("http://127.0.0.1:1/", **kwargs)


