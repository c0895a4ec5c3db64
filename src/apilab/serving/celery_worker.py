"""Run a Celery worker in its own process for a lesson, and stop it with everything it started.

::

    with start_celery_worker("tasks", broker_url=redis_server.url, cwd="async_apps") as worker:
        result = tasks.send_order_confirmation.delay(42, "ada@example.com")
        result.get(timeout=10)

The worker uses the ``solo`` pool (one task at a time, no child processes),
which starts fastest; it logs to a temporary file, never to the notebook.
Starting a worker again under the same ``name`` (by default the module's:
re-running a cell) stops the previous one first, and ``apilab.stop_all()``
stops every worker still running.

Developer notes: readiness is the worker's own "ready." log line; the worker
is an ``apilab.serving.managed_process.ManagedProcess``: it runs in its own session,
is stopped by signalling its process group, and dies with its parent
(``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import atexit
import os
import sys

from apilab.serving.managed_process import ManagedProcess, ProcessHandle

_running: dict[str, CeleryWorker] = {}


class CeleryWorker(ProcessHandle):
    """``celery -A module worker`` on a broker, in its own process group."""

    def __init__(self, module: str, broker_url: str, cwd=None, ready_timeout: float = 20.0) -> None:
        if not isinstance(module, str) or not module.isidentifier():
            raise ValueError(f"module must be the name of the module defining the Celery app, got {module!r}")
        if not isinstance(broker_url, str) or not broker_url.startswith("redis://127.0.0.1:"):
            raise ValueError(f"broker_url must be a redis://127.0.0.1:PORT URL, got {broker_url!r}")
        program = ManagedProcess(
            [sys.executable, "-m", "celery", "-A", module, "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            name=f"the Celery worker for {module!r}", cwd=cwd,
            env={**os.environ, "CELERY_BROKER_URL": broker_url},
        )
        self._start(program, lambda: " ready." in self.log(), ready_timeout, interval=0.05)

    def stop(self) -> None:
        """Stop the worker (a warm shutdown: it finishes its current task) and its process group."""
        super().stop(10)
        for name, registered in list(_running.items()):
            if registered is self:
                del _running[name]


def start_celery_worker(module: str, broker_url: str, cwd=None, name: str | None = None,
                        **options) -> CeleryWorker:
    """Start a Celery worker for the app in ``module`` on ``broker_url``; return once it is ready.

    A worker already running under ``name`` (default: ``module``) is stopped first.
    """
    name = module if name is None else name
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    previous = _running.pop(name, None)
    if previous is not None:
        previous.stop()
    worker = _running[name] = CeleryWorker(module, broker_url, cwd=cwd, **options)
    return worker


def stop_all_workers() -> None:
    """Stop every Celery worker started with start_celery_worker()."""
    while _running:
        _running.popitem()[1].stop()


atexit.register(stop_all_workers)
