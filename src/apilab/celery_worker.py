"""Run a Celery worker in its own process for a lesson, and stop it with everything it started.

::

    with start_celery_worker("tasks", broker_url=redis_server.url, cwd="async_apps") as worker:
        result = tasks.send_order_confirmation.delay(42, "ada@example.com")
        result.get(timeout=10)

The worker uses the ``solo`` pool (one task at a time, no child processes),
which starts fastest; it logs to a temporary file, never to the notebook.

Developer notes: readiness is the worker's own "ready." log line; the worker
runs in its own session, is stopped by signalling its process group, and dies
with its parent (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import time


def _die_with_parent() -> None:  # runs in the child, between fork and exec
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class CeleryWorker:
    """``celery -A module worker`` on a broker, in its own process group."""

    def __init__(self, module: str, broker_url: str, cwd=None, ready_timeout: float = 20.0) -> None:
        if not isinstance(module, str) or not module.isidentifier():
            raise ValueError(f"module must be the name of the module defining the Celery app, got {module!r}")
        if not isinstance(broker_url, str) or not broker_url.startswith("redis://127.0.0.1:"):
            raise ValueError(f"broker_url must be a redis://127.0.0.1:PORT URL, got {broker_url!r}")
        self._log = tempfile.TemporaryFile(mode="w+b")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", module, "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=cwd, env={**os.environ, "CELERY_BROKER_URL": broker_url},
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=_die_with_parent,
        )
        self.pid = self.process.pid
        deadline = time.monotonic() + ready_timeout
        while " ready." not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log()[-600:]
                self.stop()
                raise RuntimeError(f"the Celery worker for {module!r} did not start: {log}")
            time.sleep(0.05)

    def log(self) -> str:
        """Return what the worker has logged so far."""
        if self._log.closed:
            return self._final_log
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Stop the worker (a warm shutdown: it finishes its current task) and its process group."""
        if self.process.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGTERM)
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                self.process.wait()
        if not self._log.closed:
            self._final_log = self.log()
            self._log.close()

    def __enter__(self) -> "CeleryWorker":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def start_celery_worker(module: str, broker_url: str, cwd=None, **options) -> CeleryWorker:
    """Start a Celery worker for the app in ``module`` on ``broker_url``; return once it is ready."""
    return CeleryWorker(module, broker_url, cwd=cwd, **options)
