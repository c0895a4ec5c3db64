"""Run a real Redis server on a free loopback port, for the caching lessons.

::

    with start_redis() as redis_server:
        start_bench_server("flask", cache_url=redis_server.url)

It keeps nothing on disk (``--save '' --appendonly no``), works in a
temporary folder, listens on 127.0.0.1 only, and is stopped with its whole
process group (an ``apilab.serving.managed_process.ManagedProcess``). When
``redis-server`` is not installed, ``ProgramMissing`` says how to install it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from apilab.serving.managed_process import ManagedProcess, ProcessHandle
from apilab.serving.process_servers import free_port
from apilab.serving.programs import require_program
from apilab.serving.servers import HOST

_running: dict[str, RedisServer] = {}


class RedisServer(ProcessHandle):
    """A redis-server process on 127.0.0.1; ``.url`` is its redis:// URL (database 0)."""

    def __init__(self, ready_timeout: float = 10.0) -> None:
        if not isinstance(ready_timeout, (int, float)) or ready_timeout <= 0:
            raise ValueError(f"ready_timeout must be seconds > 0, got {ready_timeout!r}")
        program = require_program("redis-server")
        self.folder = tempfile.mkdtemp(prefix="apilab-redis-")
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.log_path = os.path.join(self.folder, "redis.log")
        command = [program, "--bind", HOST, "--port", str(self.port), "--save", "",
                   "--appendonly", "no", "--dir", self.folder, "--logfile", self.log_path,
                   "--daemonize", "no", "--protected-mode", "yes"]
        try:
            redis_server = ManagedProcess(command, name="redis-server", cwd=self.folder, log_file=self.log_path)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self._start(redis_server, self._answers_ping, ready_timeout, tail=400)

    def client(self):
        """Return a redis-py client connected to this server."""
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=5)

    def _answers_ping(self) -> bool:
        import redis

        try:
            with self.client() as connection:
                return bool(connection.ping())
        except redis.exceptions.ConnectionError:
            return False

    def stop(self, timeout: float = 5.0) -> None:
        """Stop redis-server and delete its folder (safe to call twice)."""
        super().stop(timeout)
        shutil.rmtree(self.folder, ignore_errors=True)
        for name, registered in list(_running.items()):
            if registered is self:
                del _running[name]

    def __repr__(self) -> str:
        return f"<RedisServer {'running' if self.running else 'stopped'} at {self.url}>"


def start_redis(ready_timeout: float = 10.0, name: str = "redis") -> RedisServer:
    """Start redis-server on a free 127.0.0.1 port (no persistence) and wait until it answers PING.

    Starting again under the same ``name`` (re-running a cell) stops the previous one first.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    previous = _running.pop(name, None)
    if previous is not None:
        previous.stop()
    server = _running[name] = RedisServer(ready_timeout=ready_timeout)
    return server


def stop_all_redis() -> None:
    """Stop every Redis server started with start_redis()."""
    while _running:
        _running.popitem()[1].stop()


atexit.register(stop_all_redis)
