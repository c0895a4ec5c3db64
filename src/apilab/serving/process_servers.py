"""Serve a WSGI app from a separate process, for measurements.

A server thread inside the kernel shares the GIL with everything the kernel
does, so load measurements run the app in a process of its own::

    with apilab.start_process_server("myapp:create_app()", server="gunicorn", workers=2) as server:
        requests.get(server.url + "/api/products/")

``target`` is what gunicorn calls an app: ``"module:variable"`` or
``"module:factory()"``; ``pythonpath`` lists folders to import it from.
gunicorn's worker class follows ``threads`` (``sync``, or ``gthread`` when
``threads > 1``) unless ``worker_class`` names one: ``"gevent"`` serves up to
``worker_connections`` requests at once in each worker, on greenlets::

    start_process_server("myapp:create_app()", worker_class="gevent", worker_connections=100)

Developer notes: the server is an ``apilab.serving.managed_process.ManagedProcess``:
it runs in its own session (process group) and is stopped by signalling the
whole group, so gunicorn's workers go too, and it dies with its parent
(``PR_SET_PDEATHSIG``), so a crashed or restarted notebook kernel leaves no
server behind; gunicorn's workers exit when their master goes.
"""

from __future__ import annotations

import os
import socket
import sys

import psutil

from apilab.serving.hub import browser_url
from apilab.serving.managed_process import ManagedProcess, ProcessHandle
from apilab.serving.servers import HOST

SERVERS = ("gunicorn", "waitress", "werkzeug", "django-dev", "uvicorn")
WORKER_CLASSES = ("sync", "gthread", "gevent")  # gunicorn's, as --worker-class names them


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def accepts_connections(port: int) -> bool:
    """Return whether something accepts TCP connections on 127.0.0.1:``port`` now."""
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def _gunicorn_worker_options(threads: int, worker_class: str | None, worker_connections: int | None) -> list[str]:
    if worker_class is None:
        worker_class = "gthread" if threads > 1 else "sync"
    if worker_class not in WORKER_CLASSES:
        raise ValueError(f"worker_class must be one of {WORKER_CLASSES}, got {worker_class!r}")
    if worker_class == "sync" and threads > 1:
        raise ValueError("the sync worker runs one thread; use worker_class='gthread' for threads > 1")
    if worker_class == "gevent" and threads > 1:
        raise ValueError("the gevent worker runs greenlets, not threads: give worker_connections, not threads")
    if worker_connections is not None and worker_class != "gevent":
        raise ValueError("worker_connections applies to worker_class='gevent' only")
    if worker_class == "gthread":
        return ["--worker-class", "gthread", "--threads", str(threads)]
    if worker_class == "gevent":
        return ["--worker-class", "gevent", "--worker-connections", str(worker_connections or 1000)]
    return []


def _command(target: str, server: str, port: int, workers: int, threads: int,
             worker_class: str | None = None, worker_connections: int | None = None) -> list[str]:
    python = sys.executable
    bind = f"{HOST}:{port}"
    if server == "gunicorn":
        command = [python, "-m", "gunicorn", "--bind", bind, "--workers", str(workers),
                   "--graceful-timeout", "2", "--log-level", "warning"]
        return command + _gunicorn_worker_options(threads, worker_class, worker_connections) + [target]
    if worker_class is not None or worker_connections is not None:
        raise ValueError(f"worker_class and worker_connections are gunicorn's options, not {server!r}'s")
    if server == "uvicorn":
        return [python, "-m", "uvicorn", "--host", HOST, "--port", str(port),
                "--workers", str(workers), "--log-level", "warning", "--no-access-log",
                *(["--factory"] if target.endswith("()") else []), target.removesuffix("()")]
    if workers != 1:
        raise ValueError(f"server={server!r} runs one process; use workers=1 (or gunicorn)")
    if server == "waitress":
        module, _, attr = target.partition(":")
        call = ["--call"] if attr.endswith("()") else []
        return [python, "-m", "waitress", "--listen", bind, "--threads", str(threads),
                *call, f"{module}:{attr.removesuffix('()')}"]
    return [python, "-m", "apilab.serving.dev_server_main", server, target, str(port)]


class ProcessServer(ProcessHandle):
    """A WSGI (or ASGI) app served by a server program in its own process group."""

    def __init__(self, target: str, server: str = "gunicorn", workers: int = 1,
                 threads: int = 1, env: dict | None = None, pythonpath=(),
                 cwd: str | None = None, ready_timeout: float = 30.0,
                 worker_class: str | None = None, worker_connections: int | None = None) -> None:
        if not isinstance(target, str) or ":" not in target:
            raise ValueError(
                f"target must look like 'module:app' or 'module:create_app()', got {target!r}"
            )
        if server not in SERVERS:
            raise ValueError(f"server must be one of {SERVERS}, got {server!r}")
        if not (isinstance(workers, int) and workers >= 1 and isinstance(threads, int) and threads >= 1):
            raise ValueError(f"workers and threads must be whole numbers >= 1, got {workers}, {threads}")
        if worker_connections is not None and not (
                isinstance(worker_connections, int) and not isinstance(worker_connections, bool)
                and 1 <= worker_connections <= 10_000):
            raise ValueError(f"worker_connections must be a whole number from 1 to 10000, got {worker_connections!r}")
        self.target, self.server, self.workers, self.threads = target, server, workers, threads
        self.worker_class, self.worker_connections = worker_class, worker_connections
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.browser_url = browser_url(self.port)  # the link for the learner's browser (on a hub: its proxy)
        child_env = dict(os.environ, **(env or {}))
        paths = [os.fspath(p) for p in pythonpath] + [os.fspath(cwd or os.getcwd())]
        child_env["PYTHONPATH"] = os.pathsep.join(
            paths + ([child_env["PYTHONPATH"]] if child_env.get("PYTHONPATH") else [])
        )
        command = _command(target, server, self.port, workers, threads,
                           worker_class, worker_connections)  # may refuse the options
        program = ManagedProcess(command, name=f"{server} serving {target}", cwd=cwd, env=child_env)
        self._start(program, lambda: accepts_connections(self.port) and self._workers_started(), ready_timeout)

    def _workers_started(self) -> bool:
        # gunicorn and uvicorn listen before their workers have booted.
        if self.workers == 1:
            return True
        try:
            return len(psutil.Process(self.pid).children()) >= self.workers
        except psutil.NoSuchProcess:
            return False

    def __repr__(self) -> str:
        state = "serving" if self.running else "stopped"
        return (f"<ProcessServer {self.server} x{self.workers} {self.target!r} "
                f"{state} at {self.url}>")


def start_process_server(target: str, server: str = "gunicorn", **options) -> ProcessServer:
    """Start ``target`` under ``server`` in its own process and wait until it accepts connections."""
    return ProcessServer(target, server=server, **options)
