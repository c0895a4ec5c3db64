"""apilab.lessons.waiting_comparison: setups served and measured in rounds, summarised with their spread."""

import json

import psutil
import pytest

from apilab.lessons.waiting_comparison import (
    ServingSetup,
    compare_waiting,
    start_setups,
    summarise_waiting,
)

SLEEPY = (
    "import json, os, time\n"
    "def app(environ, start_response):\n"
    "    started = time.time()\n"
    "    time.sleep(0.1)\n"
    "    body = json.dumps({'pid': os.getpid(), 'started': started, 'finished': time.time()}).encode()\n"
    "    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])\n"
    "    return [body]\n"
)


@pytest.fixture
def sleepy_folder(tmp_path):
    """A folder holding sleepy.py, a WSGI app that sleeps 0.1 s and says who served it, and when."""
    (tmp_path / "sleepy.py").write_text(SLEEPY)
    return tmp_path


def _children() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


def test_each_worker_class_is_measured_and_summarised(sleepy_folder):
    setups = [
        ServingSetup("one-sync", "WSGI", "sleepy:app", "/", "def"),
        ServingSetup("threads", "WSGI", "sleepy:app", "/", "def", worker_class="gthread", threads=4),
        ServingSetup("greenlets", "WSGI", "sleepy:app", "/", "def", worker_class="gevent", worker_connections=10),
        ServingSetup("processes", "WSGI", "sleepy:app", "/", "def", workers=4),
    ]
    before = _children()
    requests = compare_waiting(setups, count=4, repeat=2, cwd=sleepy_folder)
    assert _children() == before  # every server stopped
    assert len(requests) == 4 * 2 * 4 and (requests.status == 200).all()
    per_round = requests.groupby(["setup", "round"]).first()
    assert (per_round.loc["one-sync", "served_at_once"] == 1).all()
    for key in ("threads", "greenlets", "processes"):
        assert (per_round.loc[key, "served_at_once"] > 1).all(), key
    assert (per_round.loc["processes", "answered_by"] > 1).all()
    assert (per_round.loc["threads", "answered_by"] == 1).all()
    assert (per_round.loc["threads", "threads_at_peak"] >= 4).all()  # the four pool threads were there

    summary = summarise_waiting(requests)
    assert list(summary.index) == ["one-sync", "threads", "greenlets", "processes"]
    assert summary.loc["greenlets", ("what is compared", "per process")] == "10 connections"
    assert summary.loc["threads", ("what is compared", "worker class")] == "gthread"
    assert summary.loc["one-sync", ("served at once", "highest")] == 1
    slowest = summary["slowest answer (s)"]
    assert (slowest["lowest"] <= slowest["median"]).all() and (slowest["median"] <= slowest["highest"]).all()
    assert (summary[("requests", "failed")] == 0).all()


def test_without_servers_each_way_of_serving_is_started_alone_and_the_rows_keep_the_setups_order(
        sleepy_folder, monkeypatch):
    first = ServingSetup("first", "WSGI", "sleepy:app", "/", "def")
    threads = ServingSetup("threads", "WSGI", "sleepy:app", "/", "def", worker_class="gthread", threads=2)
    same_server = ServingSetup("same-server", "WSGI", "sleepy:app", "/other-path/", "def")
    before, running_at_start = _children(), []
    start = ServingSetup.start

    def start_and_count(setup, cwd=None):
        running_at_start.append(len(_children() - before))  # server processes still up when this one starts
        return start(setup, cwd)

    monkeypatch.setattr(ServingSetup, "start", start_and_count)
    requests = compare_waiting([first, threads, same_server], count=2, repeat=2, cwd=sleepy_folder)
    assert running_at_start == [0, 0]  # two ways of serving, each started when no other was running
    assert _children() == before
    assert list(dict.fromkeys(requests.setup)) == ["first", "threads", "same-server"]
    assert list(requests[requests.setup == "first"]["round"]) == [0, 0, 1, 1]
    pids = requests.groupby("setup").body.apply(lambda bodies: {json.loads(body)["pid"] for body in bodies})
    assert pids["first"] == pids["same-server"] and not pids["first"] & pids["threads"]  # one shared server


def test_uvicorn_setups_are_labelled_as_an_event_loop():
    setup = ServingSetup("asgi", "Django", "app:application", "/wait/", "async def", server="uvicorn")
    assert setup.labels()["worker class"] == "asyncio" and setup.per_process() == "event loop"


@pytest.mark.parametrize("options, message", [
    ({"key": "two words"}, "without spaces"),
    ({"path": "wait/"}, "start with '/'"),
    ({"server": "uvicorn", "worker_class": "gevent"}, "its own event loop"),
])
def test_bad_setups_are_refused(options, message):
    fields = {"key": "k", "framework": "Flask", "target": "app:app", "path": "/", "view": "def", **options}
    with pytest.raises(ValueError, match=message):
        ServingSetup(**fields)


@pytest.mark.parametrize("count, repeat", [(0, 1), (1, 0), (100, 1), (1, 11), (True, 1)])
def test_bounds_are_checked_before_anything_starts(count, repeat):
    setup = ServingSetup("k", "Flask", "app:app", "/", "def")
    with pytest.raises(ValueError):
        compare_waiting([setup], count=count, repeat=repeat)


def test_two_setups_need_two_keys():
    setup = ServingSetup("k", "Flask", "app:app", "/", "def")
    with pytest.raises(ValueError, match="key of its own"):
        compare_waiting([setup, setup])


def test_the_summary_needs_the_comparison_s_table():
    with pytest.raises(TypeError):
        summarise_waiting([])


def test_started_setups_share_a_server_per_way_of_serving_and_a_restart_stops_the_old_ones(sleepy_folder):
    (sleepy_folder / "other.py").write_text(SLEEPY)
    first = ServingSetup("first", "WSGI", "sleepy:app", "/", "def")
    same_server = ServingSetup("same-server", "WSGI", "sleepy:app", "/other-path/", "def")
    before = _children()
    servers = again = start_setups([first, same_server], cwd=sleepy_folder, name="test")
    try:
        assert servers.server_of(first) is servers.server_of(same_server)
        with pytest.raises(ValueError, match="no server for setup"):
            servers.server_of(ServingSetup("threads", "WSGI", "sleepy:app", "/", "def", worker_class="gthread",
                                           threads=2))
        requests = compare_waiting([first, same_server], servers, count=2, repeat=2)
        assert (requests.status == 200).all() and servers.running
        turns = list(dict.fromkeys(zip(requests["round"], requests.setup)))
        assert turns == [(0, "first"), (0, "same-server"), (1, "first"), (1, "same-server")]  # each round in turn
        again = start_setups([first], cwd=sleepy_folder, name="test")  # a cell run again
        assert not servers.running and again.running
    finally:
        servers.stop()
        again.stop()
    assert not again.running and _children() == before


def test_waitress_serves_with_the_threads_its_setup_names(sleepy_folder):
    four_threads = ServingSetup("waitress-4", "WSGI", "sleepy:app", "/", "def", server="waitress", threads=4)
    summary = summarise_waiting(compare_waiting(four_threads, count=4, repeat=1, cwd=sleepy_folder))
    assert summary.loc["waitress-4", ("what is compared", "per process")] == "4 threads"
    assert summary.loc["waitress-4", ("served at once", "highest")] == 4


@pytest.mark.parametrize("options", [dict(server="werkzeug", threads=4), dict(server="waitress", worker_class="gevent"),
                                     dict(server="django-dev", worker_connections=10)])
def test_options_a_server_would_ignore_are_refused_with_one_readable_error(options):
    with pytest.raises(ValueError, match="threads|gunicorn's"):
        ServingSetup("ignored", "WSGI", "sleepy:app", "/", "def", **options)
