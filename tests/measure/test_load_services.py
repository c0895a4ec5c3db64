"""Tests of the benchmark apps, their servers, the Nginx load balancer and the Redis cache.

Behaviour only: every framework serves the same products, requests spread
over instances, a cache hit skips the slow path (counted, not timed), and
every process started is gone afterwards.
"""

import collections
import os

import psutil
import pytest
import requests
from measure_support import gone, require

from apilab.measure.bench_servers import FRAMEWORKS, start_bench_cluster, start_bench_server
from apilab.serving import programs
from apilab.serving.nginx import render_config, start_load_balancer
from apilab.serving.redis_server import start_redis

EXPECTED_FIRST = {"id": 1, "name": "Product 1", "price_cents": 199, "in_stock": True}


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_framework_serves_the_same_products(framework, no_leftover_processes):
    with start_bench_server(framework, server="gunicorn", workers=2, products=5) as server:
        response = requests.get(server.url, timeout=10)
        assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/api/products/")
        pid = server.pid
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert "Content-Length" in response.headers  # keeps connections alive
    body = response.json()
    assert [product["id"] for product in body] == [1, 2, 3, 4, 5]
    assert body[0] == EXPECTED_FIRST and body[3]["in_stock"] is False
    assert gone(pid)


@pytest.mark.parametrize("framework, server, threads", [
    ("flask", "waitress", 4), ("django", "waitress", 4), ("drf", "gunicorn", 4),
    ("flask", "werkzeug", 1), ("django", "django-dev", 1),
])
def test_each_server_serves_the_benchmark_apps(framework, server, threads, no_leftover_processes):
    with start_bench_server(framework, server=server, threads=threads, products=3) as running:
        assert running.labels() == {"framework": framework, "server": server, "workers": 1, "instances": 1}
        assert len(requests.get(running.url, timeout=10).json()) == 3


def test_a_refused_start_leaves_no_folder_behind(monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with pytest.raises(ValueError):
        start_bench_server("flask", products=-1)
    with pytest.raises(ValueError):
        start_bench_cluster("flask", products=-1)
    assert list(tmp_path.iterdir()) == []


def test_the_database_is_removed_with_the_server(no_leftover_processes):
    server = start_bench_server("wsgi")
    folder = server._folder
    assert os.path.isdir(folder)
    server.stop()
    server.stop()
    assert not os.path.exists(folder)


@pytest.mark.parametrize("call, message", [
    (lambda: start_bench_server("rails"), "framework"),
    (lambda: start_bench_server("flask", server="apache"), "server"),
    (lambda: start_bench_server("flask", slow_ms=-1), "slow_ms"),
    (lambda: start_bench_server("flask", cache_url="http://127.0.0.1:1"), "cache_url"),
    (lambda: start_bench_server("flask", cache_url="redis://cache.example.com:6379/0"), "cache_url"),
    (lambda: start_bench_server("flask", products=-3), "products"),
    (lambda: start_bench_cluster("flask", instances=0), "instances"),
    (lambda: start_load_balancer("http://127.0.0.1:8000"), "backends"),
    (lambda: render_config("/tmp", 1, ["http://example.com:80"]), "127.0.0.1"),
    (lambda: render_config("/tmp", 1, []), "backends"),
    (lambda: start_redis(ready_timeout=0), "ready_timeout"),
    (lambda: programs.find_program("apache2"), "program"),
])
def test_bad_input_gets_a_clear_one_line_error(call, message):
    with pytest.raises((ValueError, TypeError)) as error:
        call()
    assert message in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("program, command", [
    ("nginx", "apt-get install nginx"), ("redis-server", "apt-get install redis-server"),
    ("wrk", "apt-get install wrk"),
])
def test_a_missing_program_says_how_to_install_it(monkeypatch, program, command):
    monkeypatch.setattr(programs.shutil, "which", lambda *args, **kwargs: None)
    with pytest.raises(programs.ProgramMissing) as error:
        programs.require_program(program)
    assert command in str(error.value) and "conda install -c conda-forge" in str(error.value)
    assert "\n" not in str(error.value)


def test_nginx_spreads_requests_over_instances(no_leftover_processes):
    require("nginx")
    with start_bench_cluster("flask", instances=3, products=2) as cluster:
        answered = collections.Counter(
            requests.get(cluster.base_url + "/api/pid/", timeout=10).json()["pid"] for _ in range(30))
        worker_pids = {child.pid for instance in cluster.instances
                       for child in psutil.Process(instance.pid).children()}
        assert len(requests.get(cluster.url, timeout=10).json()) == 2
        started = [cluster.balancer.pid] + [instance.pid for instance in cluster.instances]
        folder = cluster.balancer.folder
        assert cluster.labels()["instances"] == 3
    assert set(answered) == worker_pids and len(answered) == 3
    assert min(answered.values()) >= 5  # round-robin: each instance gets its share
    assert all(gone(pid) for pid in started)
    assert not os.path.exists(folder)


def test_nginx_runs_from_its_own_folder_on_loopback(no_leftover_processes):
    require("nginx")
    with start_bench_server("wsgi") as backend, start_load_balancer([backend]) as balancer:
        with open(balancer.config_path) as file:
            config = file.read()
        assert f"listen 127.0.0.1:{balancer.port};" in config and "daemon off;" in config
        assert f"pid {balancer.folder}/nginx.pid;" in config
        assert requests.get(balancer.url + "/api/pid/", timeout=10).ok
        nginx_pids = [balancer.pid] + [child.pid for child in psutil.Process(balancer.pid).children()]
        assert len(nginx_pids) >= 2  # master and worker
    assert all(gone(pid) for pid in nginx_pids)


@pytest.mark.parametrize("framework", ["flask", "django", "drf"])
def test_a_cache_hit_skips_the_slow_path(framework, no_leftover_processes):
    require("redis-server")
    with start_redis() as redis_server:
        with start_bench_server(framework, cache_url=redis_server.url, slow_ms=20) as server:
            first = requests.get(server.base_url + "/api/slow/", timeout=10)
            second = requests.get(server.base_url + "/api/slow/", timeout=10)
            calls = requests.get(server.base_url + "/api/slow/calls/", timeout=10).json()
            assert redis_server.client().dbsize() >= 1  # the page is stored in Redis
        redis_pid, folder = redis_server.pid, redis_server.folder
    assert first.json() == second.json() and len(first.json()) == 20
    assert calls["cache"] is True and calls["calls"] == 1
    assert gone(redis_pid) and not os.path.exists(folder)


@pytest.mark.parametrize("framework", ["flask", "django", "wsgi"])
def test_without_a_cache_every_request_takes_the_slow_path(framework, no_leftover_processes):
    with start_bench_server(framework, slow_ms=1) as server:
        for _ in range(2):
            assert requests.get(server.base_url + "/api/slow/", timeout=10).ok
        calls = requests.get(server.base_url + "/api/slow/calls/", timeout=10).json()
    assert calls == {"pid": calls["pid"], "calls": 2, "cache": False}


def test_redis_keeps_nothing_on_disk(no_leftover_processes):
    require("redis-server")
    with start_redis() as redis_server:
        client = redis_server.client()
        config = client.config_get("save") | client.config_get("appendonly") | client.config_get("bind")
        client.close()
    assert config == {"save": "", "appendonly": "no", "bind": "127.0.0.1"}


def test_starting_again_under_a_name_stops_the_previous_server(no_leftover_processes):
    from apilab.measure.bench_servers import running_bench_servers, stop_all_bench_servers

    first = start_bench_server("wsgi")
    second = start_bench_server("wsgi")  # as when a notebook cell runs again
    other = start_bench_server("wsgi", workers=2)
    try:
        assert not first.running and gone(first.pid)
        assert second.running and other.running
        assert set(running_bench_servers().values()) == {second, other}
    finally:
        stop_all_bench_servers()
    assert not second.running and not other.running and running_bench_servers() == {}


def test_starting_redis_again_stops_the_previous_one(no_leftover_processes):
    require("redis-server")
    from apilab.serving.redis_server import stop_all_redis

    first = start_redis()
    second = start_redis()
    try:
        assert not first.running and second.running
    finally:
        stop_all_redis()
    assert not second.running
