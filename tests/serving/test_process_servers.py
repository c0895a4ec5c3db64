"""Tests of apilab.serving.process_servers: servers out of the kernel start, answer, stop and never outlive us."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest
import requests
from leak_checks import left_behind, resources

from apilab.serving.process_servers import SERVERS, free_port, start_process_server


def _children() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


@pytest.mark.parametrize("server", [s for s in SERVERS if s != "uvicorn"])
def test_each_server_serves_and_stops(server, wsgi_module):
    before = _children()
    with start_process_server("hello:app", server=server, pythonpath=[wsgi_module]) as running:
        assert running.url.startswith("http://127.0.0.1:")
        assert requests.get(running.url, timeout=5).text.isdigit()
    assert not running.running
    assert _children() == before


def test_uvicorn_serves_an_asgi_app(tmp_path):
    (tmp_path / "asgi_hello.py").write_text(
        "async def app(scope, receive, send):\n"
        "    assert scope['type'] == 'http'\n"
        "    await send({'type': 'http.response.start', 'status': 200,"
        " 'headers': [(b'content-type', b'text/plain')]})\n"
        "    await send({'type': 'http.response.body', 'body': b'async ok'})\n"
    )
    with start_process_server("asgi_hello:app", server="uvicorn", pythonpath=[tmp_path]) as running:
        assert requests.get(running.url, timeout=5).text == "async ok"


def test_gunicorn_workers_all_stop(wsgi_module):
    before = _children()
    with start_process_server("hello:app", workers=3, pythonpath=[wsgi_module]) as running:
        pids = {requests.get(running.url, timeout=5).text for _ in range(30)}
        assert pids and all(pid.isdigit() for pid in pids)
    assert _children() == before


@pytest.mark.soak
def test_200_gunicorn_cycles_leave_nothing_behind(wsgi_module):
    before = (_children(), resources())
    for cycle in range(200):
        with start_process_server("hello:app", pythonpath=[wsgi_module]) as running:
            if cycle % 50 == 0:
                assert requests.get(running.url, timeout=5).ok
    after = (_children(), resources())
    assert after[0] == before[0], f"processes left: {after[0] - before[0]}"
    leaked = left_behind(before[1], after[1])
    assert not leaked, f"left behind over 200 cycles: {leaked}"


def test_a_failing_app_reports_its_output(tmp_path):
    (tmp_path / "broken.py").write_text("raise ImportError('no such dependency: shiny')\n")
    with pytest.raises(RuntimeError, match="exited with code"):
        start_process_server("broken:app", server="waitress", pythonpath=[tmp_path])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"target": "hello"}, "module:app"),
        ({"target": "hello:app", "server": "apache"}, "server must be one of"),
        ({"target": "hello:app", "workers": 0}, "whole numbers >= 1"),
        ({"target": "hello:app", "server": "waitress", "workers": 2}, "runs one process"),
        ({"target": "hello:app", "worker_class": "eventlet"}, "worker_class must be one of"),
        ({"target": "hello:app", "worker_class": "sync", "threads": 4}, "use worker_class='gthread'"),
        ({"target": "hello:app", "worker_class": "gevent", "threads": 4}, "not threads"),
        ({"target": "hello:app", "worker_connections": 10}, "worker_class='gevent' only"),
        ({"target": "hello:app", "worker_class": "gevent", "worker_connections": 0}, "from 1 to 10000"),
        ({"target": "hello:app", "server": "uvicorn", "worker_class": "gevent"}, "gunicorn's options"),
    ],
)
def test_bad_arguments_get_one_line_errors(kwargs, message, wsgi_module):
    with pytest.raises(ValueError, match=message) as error:
        start_process_server(pythonpath=[wsgi_module], **kwargs)
    assert "\n" not in str(error.value)


def test_free_port_is_bindable():
    import socket

    port = free_port()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


def test_servers_die_with_their_parent(wsgi_module):
    """A kernel killed outright must not leave its measurement servers running."""
    parent_script = textwrap.dedent(
        f"""
        import sys, time, psutil
        from apilab.serving.process_servers import start_process_server
        server = start_process_server("hello:app", workers=2, pythonpath=[{str(wsgi_module)!r}])
        pids = [c.pid for c in psutil.Process().children(recursive=True)]
        print(" ".join(map(str, pids)), flush=True)
        time.sleep(60)
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_script], stdout=subprocess.PIPE, text=True
    )
    try:
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(pids) >= 3, "expected a gunicorn master and two workers"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 15

        def running(pid):
            return psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE

        while time.monotonic() < deadline and any(running(p) for p in pids):
            time.sleep(0.1)
        alive = [p for p in pids if running(p)]
        assert alive == [], f"still running after the parent died: {alive}"
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()


def test_the_gevent_worker_serves_sleeping_requests_together(tmp_path):
    """One gevent worker process: time.sleep is patched, so four waiting requests are served at once."""
    from apilab.lessons.request_timeline import answered_by, fetch_concurrently, served_at_once

    (tmp_path / "sleepy.py").write_text(
        "import json, os, time\n"
        "def app(environ, start_response):\n"
        "    started = time.time()\n"
        "    time.sleep(0.2)\n"
        "    body = json.dumps({'pid': os.getpid(), 'started': started, 'finished': time.time()}).encode()\n"
        "    start_response('200 OK', [('Content-Type', 'application/json'),"
        " ('Content-Length', str(len(body)))])\n"
        "    return [body]\n"
    )
    before = _children()
    with start_process_server("sleepy:app", worker_class="gevent", worker_connections=10,
                              pythonpath=[tmp_path]) as running:
        command = psutil.Process(running.pid).cmdline()
        assert command[command.index("--worker-class") + 1] == "gevent"
        assert command[command.index("--worker-connections") + 1] == "10"
        fetch_concurrently(running.url + "/", count=1)
        timeline = fetch_concurrently(running.url + "/", count=4)
    assert list(timeline.status) == [200] * 4
    assert answered_by(timeline) == 1 and served_at_once(timeline) == 4
    assert _children() == before


def test_the_default_worker_class_follows_threads(wsgi_module):
    with start_process_server("hello:app", threads=3, pythonpath=[wsgi_module]) as running:
        command = psutil.Process(running.pid).cmdline()
        assert command[command.index("--worker-class") + 1:command.index("--worker-class") + 4] == [
            "gthread", "--threads", "3"]
    with start_process_server("hello:app", pythonpath=[wsgi_module]) as running:
        assert "--worker-class" not in psutil.Process(running.pid).cmdline()
