"""Serve one waiting endpoint in several ways and measure each, in rounds, in one run.

Lesson Asynchronous-APIs compares how servers hold many waiting requests:
processes, threads, gevent's greenlets and an asyncio event loop::

    setups = [ServingSetup("flask-gevent", "Flask", "flask_async:create_app()", "/wait-sync/", "def",
                           worker_class="gevent", worker_connections=100), ...]
    requests = compare_waiting(setups, count=8, repeat=3, cwd="async_apps")  # one server at a time
    summarise_waiting(requests)

    servers = start_setups(setups, cwd="async_apps")     # or: all up at once, kept between cells
    requests = compare_waiting(setups, servers, count=8, repeat=3)  # or [servers, more_servers]
    servers.stop()

Each way of serving runs in a process of its own (``start_process_server``;
setups that differ only in the endpoint share it). ``compare_waiting``
without servers serves one way at a time: it starts it, waits until every
worker has answered, runs all its rounds and stops it before the next, so
that only one server's processes are in memory (a sync server of six workers
is six copies of the app). ``start_setups`` starts them all and keeps them
running between cells (starting again under the same name stops the previous
ones); given those servers, ``compare_waiting`` sends each round to each
setup in turn, so that a change in the machine's load hits them all alike.
The result has one row per request; ``summarise_waiting`` gives one row per
setup with the lowest, median and highest slowest answer over the rounds, and
the lowest and highest of each count.

Developer notes: while a round runs, a thread of this process reads the
number of OS threads of every process of the server every few milliseconds
(psutil); a setup's figure is the sum of the peaks of the processes that
answered that round.
"""

from __future__ import annotations

import atexit
import threading
import time
from dataclasses import dataclass, field

import pandas as pd
import psutil

from apilab.lessons.request_timeline import (
    MAX_COUNT,
    answered_by,
    answering_pids,
    fetch_concurrently,
    served_at_once,
)
from apilab.serving.process_servers import start_process_server

MAX_SETUPS = 12
MAX_REPEAT = 10
SAMPLE_EVERY_S = 0.005
WARM_UP_S = 15.0  # how long to wait for every worker process to boot and answer


@dataclass(frozen=True)
class ServingSetup:
    """One way of serving the endpoint: the server, its worker class and how many of what."""

    key: str                  # a short name without spaces, the summary's row label
    framework: str            # "Flask" or "Django"
    target: str               # what the server imports: "module:app" or "module:factory()"
    path: str                 # the endpoint measured, e.g. "/wait-sync/"
    view: str                 # how that view is written: "def" or "async def"
    server: str = "gunicorn"  # or "uvicorn" (ASGI)
    worker_class: str = "sync"  # gunicorn's: sync, gthread, gevent; uvicorn's is its asyncio event loop
    workers: int = 1          # worker processes
    threads: int = 1          # threads per process (gthread)
    worker_connections: int | None = None  # requests at once per process (gevent)
    env: dict | None = field(default=None, compare=False)  # for the server's environment, e.g. a setting the app reads

    def __post_init__(self) -> None:
        if not (isinstance(self.key, str) and self.key and " " not in self.key):
            raise ValueError(f"key must be a short name without spaces, got {self.key!r}")
        if not (isinstance(self.path, str) and self.path.startswith("/")):
            raise ValueError(f"path must start with '/', got {self.path!r}")
        if self.server == "uvicorn" and (self.worker_class != "sync" or self.threads != 1 or self.worker_connections):
            raise ValueError("uvicorn runs its own event loop: give no worker_class, threads or worker_connections")
        if self.server not in ("gunicorn", "uvicorn", "waitress") and self.threads != 1:
            raise ValueError(f"{self.server} is not given a number of threads here: use threads=1, or gunicorn "
                             "or waitress for threads")
        if self.server not in ("gunicorn", "uvicorn") and (self.worker_class != "sync" or self.worker_connections):
            raise ValueError(f"worker_class and worker_connections are gunicorn's: give neither to {self.server}")

    def per_process(self) -> str:
        """What one worker process holds at once, in words."""
        if self.server == "uvicorn":
            return "event loop"
        if self.worker_class == "gevent":
            return f"{self.worker_connections or 1000} connections"
        return f"{self.threads} thread" + ("s" if self.threads > 1 else "")

    def labels(self) -> dict:
        """The columns that name what this setup is."""
        return {"setup": self.key, "framework": self.framework, "server": self.server,
                "worker class": "asyncio" if self.server == "uvicorn" else self.worker_class,
                "processes": self.workers, "per process": self.per_process(), "view": self.view,
                "endpoint": self.path}

    def start(self, cwd=None):
        """Serve this setup in a process of its own; return the running server."""
        options = {"workers": self.workers, "cwd": cwd, "env": self.env}
        if self.server == "gunicorn":
            options.update(threads=self.threads, worker_class=self.worker_class,
                           worker_connections=self.worker_connections)
        elif self.server == "waitress":
            options.update(threads=self.threads)   # waitress --threads: its one process's threads
        return start_process_server(self.target, server=self.server, **options)


class _ThreadPeaks:
    """Samples the OS threads of a process and its children until stopped; keeps each pid's peak."""

    def __init__(self, pid: int) -> None:
        root = psutil.Process(pid)
        self.processes = [root, *root.children(recursive=True)]
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="apilab-thread-peaks", daemon=True)

    def _sample(self) -> None:
        while True:
            for process in self.processes:
                try:
                    self.peaks[process.pid] = max(self.peaks.get(process.pid, 0), process.num_threads())
                except psutil.Error:
                    pass
            if self._stop.wait(SAMPLE_EVERY_S):
                return

    def __enter__(self) -> _ThreadPeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def total(self, pids) -> int:
        """The sum of the peaks of ``pids`` (the processes that answered)."""
        return sum(self.peaks.get(pid, 0) for pid in pids)


def _check_setups(setups) -> list[ServingSetup]:
    if isinstance(setups, ServingSetup):
        setups = [setups]
    setups = list(setups)
    if not (1 <= len(setups) <= MAX_SETUPS and all(isinstance(s, ServingSetup) for s in setups)):
        raise ValueError(f"setups must be a list of 1 to {MAX_SETUPS} ServingSetup, got {setups!r}")
    if len({setup.key for setup in setups}) != len(setups):
        raise ValueError("each setup needs a key of its own")
    return setups


def _warm_up(url: str, workers: int, timeout: float) -> None:
    """Send requests until every worker process has answered once (it has booted and imported the app)."""
    at_once = min(workers, MAX_COUNT)
    deadline = time.monotonic() + WARM_UP_S
    while True:
        timeline = fetch_concurrently(url, count=at_once, timeout=timeout)
        if answered_by(timeline) >= at_once or time.monotonic() > deadline:
            return


def _way_of_serving(setup: ServingSetup) -> tuple:
    # Setups that differ only in the endpoint share one server.
    return (setup.target, setup.server, setup.worker_class, setup.workers, setup.threads,
            setup.worker_connections, tuple(sorted((setup.env or {}).items())))


class SetupServers:
    """The servers of some setups, one per distinct way of serving, started and warmed up, running until stop()."""

    def __init__(self, setups, cwd=None, timeout: float = 10.0) -> None:
        setups = _check_setups(setups)
        self._servers: dict[tuple, object] = {}
        try:
            for setup in setups:
                way = _way_of_serving(setup)
                if way not in self._servers:
                    self._servers[way] = setup.start(cwd)
                    _warm_up(self._servers[way].url + setup.path, setup.workers, timeout)
        except BaseException:
            self.stop()
            raise

    def server_of(self, setup: ServingSetup):
        """The running server that serves ``setup``."""
        try:
            return self._servers[_way_of_serving(setup)]
        except KeyError:
            raise ValueError(f"no server for setup {setup.key!r}: start it with the others") from None

    @property
    def running(self) -> bool:
        return bool(self._servers) and all(server.running for server in self._servers.values())

    def stop(self) -> None:
        """Stop every server (safe to call twice)."""
        for server in self._servers.values():
            server.stop()
        for name, registered in list(_running.items()):
            if registered is self:
                del _running[name]

    def __enter__(self) -> SetupServers:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<SetupServers: {len(self._servers)} servers, {'running' if self.running else 'stopped'}>"


_running: dict[str, SetupServers] = {}


def start_setups(setups, cwd=None, name: str = "waiting") -> SetupServers:
    """Start the servers of ``setups`` and keep them running; the servers started under ``name`` before are stopped."""
    previous = _running.pop(name, None)
    if previous is not None:
        previous.stop()
    servers = _running[name] = SetupServers(setups, cwd=cwd)
    return servers


def stop_all_setups() -> None:
    """Stop every server started with start_setups()."""
    while _running:
        _running.popitem()[1].stop()


atexit.register(stop_all_setups)


def _server_of(setup: ServingSetup, groups: list[SetupServers]):
    for group in groups:
        try:
            return group.server_of(setup)
        except ValueError:
            continue
    raise ValueError(f"no server for setup {setup.key!r}: start it with start_setups() first")


def compare_waiting(setups, servers: SetupServers | list | None = None, count: int = 8, repeat: int = 3,
                    cwd=None, timeout: float = 10.0) -> pd.DataFrame:
    """Send ``count`` requests at once to each setup, ``repeat`` rounds; servers are started if not given.

    ``servers`` is what ``start_setups`` returned, or a list of those (setups started in several cells):
    each round then goes to every setup in turn. Without them, each way of serving is started, measured
    for all its rounds and stopped before the next one starts.

    Returns one row per request: the setup's labels, the round, the timeline
    columns of ``fetch_concurrently`` and, per round, ``served_at_once``,
    ``answered_by`` and ``threads_at_peak`` (OS threads of the processes that answered).
    """
    setups = _check_setups(setups)
    for value, name, high in ((count, "count", MAX_COUNT), (repeat, "repeat", MAX_REPEAT)):
        if not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= high):
            raise ValueError(f"{name} must be a whole number from 1 to {high}, got {value!r}")
    if isinstance(servers, SetupServers):
        servers = [servers]
    if servers is not None and not (isinstance(servers, (list, tuple)) and servers
                                    and all(isinstance(group, SetupServers) for group in servers)):
        raise TypeError(f"servers must be what start_setups() returns, or a list of those, got {servers!r}")
    if servers is not None:
        rows = _rounds(setups, servers, count, repeat, timeout)
    else:  # one way of serving at a time: start it, all its rounds, stop it
        ways: dict[tuple, list[ServingSetup]] = {}
        for setup in setups:
            ways.setdefault(_way_of_serving(setup), []).append(setup)
        rows = []
        for sharing in ways.values():
            with SetupServers(sharing, cwd=cwd, timeout=timeout) as group:
                rows += _rounds(sharing, [group], count, repeat, timeout)
        order = {setup.key: index for index, setup in enumerate(setups)}
        rows.sort(key=lambda timeline: order[timeline["setup"].iloc[0]])  # stable: rounds stay in order
    return pd.concat(rows, ignore_index=True)


def _rounds(setups: list[ServingSetup], servers: list[SetupServers], count: int, repeat: int,
            timeout: float) -> list[pd.DataFrame]:
    """``repeat`` rounds of ``count`` requests at once to each setup in turn: a DataFrame per setup and round."""
    running = {setup.key: _server_of(setup, servers) for setup in setups}
    rows = []
    for round_number in range(repeat):
        for setup in setups:
            with _ThreadPeaks(running[setup.key].pid) as peaks:
                timeline = fetch_concurrently(running[setup.key].url + setup.path, count=count, timeout=timeout)
            rows.append(timeline.assign(
                **setup.labels(), round=round_number, requests_at_once=count,
                served_at_once=served_at_once(timeline), answered_by=answered_by(timeline),
                threads_at_peak=peaks.total(answering_pids(timeline))))
    return rows


FIGURES = {  # per round: how the summary names it, and how it is computed from the round's requests
    "slowest answer (s)": ("finished_s", "max"),
    "served at once": ("served_at_once", "first"),
    "processes that answered": ("answered_by", "first"),
    "OS threads in them at peak": ("threads_at_peak", "first"),
}
LABELS = ["framework", "server", "worker class", "processes", "per process", "view", "requests at once"]


def summarise_waiting(requests: pd.DataFrame) -> pd.DataFrame:
    """One row per setup: its labels, each figure's lowest and highest over the rounds, the answer's median."""
    if not isinstance(requests, pd.DataFrame) or "setup" not in requests or "round" not in requests:
        raise TypeError("requests must be the DataFrame that compare_waiting() returns")
    requests = requests.rename(columns={"requests_at_once": "requests at once"})
    order = list(dict.fromkeys(requests.setup))
    per_round = requests.groupby(["setup", "round"], sort=False).agg(
        **{name: pd.NamedAgg(column, how) for name, (column, how) in FIGURES.items()},
        failed=pd.NamedAgg("status", lambda status: int((status != 200).sum())))
    grouped = per_round.groupby(level="setup", sort=False)
    columns = {("what is compared", label): requests.groupby("setup", sort=False)[label].first()
               for label in LABELS}
    for name in FIGURES:  # counts have no useful median: their lowest and highest
        statistics = ("min", "median", "max") if name == "slowest answer (s)" else ("min", "max")
        for statistic in statistics:
            word = {"min": "lowest", "median": "median", "max": "highest"}[statistic]
            values = grouped[name].agg(statistic)
            columns[(name, word)] = values.round(2) if name == "slowest answer (s)" else values.astype(int)
    columns[("requests", "failed")] = grouped["failed"].sum()
    summary = pd.DataFrame(columns).reindex(order)
    summary.columns = pd.MultiIndex.from_tuples(summary.columns)
    summary.index.name = None
    return summary
