"""HTTP for the contract checks that an app cannot stall or flood: a deadline for the whole request, a capped body.

A timeout of requests or urllib3 bounds each wait for a byte, not the
request: an app answering one byte every few seconds would hold a check for
hours. Here every socket the checks open is a ``DeadlineSocket``: before each
read or write it sets the socket's timeout to what is left of the request's
deadline (set by ``deadline(seconds)`` around a request, per thread).
``bounded_pool`` makes a urllib3 connection pool of such sockets for one
``http://`` or ``http+unix://`` base URL (the contract checks send with it);
``mount_bounded`` mounts adapters making them on a requests.Session (the
learners' test suites); ``read_capped`` reads at most a given number of bytes
of a body.
"""

from __future__ import annotations

import contextlib
import functools
import io
import socket
import threading
import time

import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool

_DEADLINE = threading.local()  # .at: the monotonic time the current thread's request must end by


@contextlib.contextmanager
def deadline(seconds: float):
    """Within the block, every read and write of a bounded socket in this thread ends ``seconds`` from now."""
    _DEADLINE.at = time.monotonic() + seconds
    try:
        yield
    finally:
        _DEADLINE.at = None


class DeadlineSocket:
    """A socket whose every read and write waits at most until the current request's deadline."""

    def __init__(self, sock: socket.socket, wait: float):
        self._sock = sock
        self._wait = wait  # the longest wait for one read or write, deadline or not

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def _arm(self) -> None:
        at = getattr(_DEADLINE, "at", None)
        left = self._wait if at is None else min(self._wait, at - time.monotonic())
        if left <= 0:
            raise TimeoutError("the request's time limit passed")
        self._sock.settimeout(left)

    def recv(self, *args):
        self._arm()
        return self._sock.recv(*args)

    def recv_into(self, *args):
        self._arm()
        return self._sock.recv_into(*args)

    def send(self, *args):
        self._arm()
        return self._sock.send(*args)

    def sendall(self, *args):
        self._arm()
        return self._sock.sendall(*args)

    def makefile(self, mode: str = "r", buffering=None, **kwargs):
        """A buffered reader over this socket (what http.client reads a response with)."""
        if "b" not in mode or "w" in mode:
            raise ValueError(f"only binary reading is supported, not {mode!r}")
        # As socket.makefile does: the socket stays open until this reader is closed too.
        self._sock._io_refs += 1
        return io.BufferedReader(socket.SocketIO(self, "rb"))


class _BoundedConnection(urllib3.connection.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        self.sock = DeadlineSocket(self.sock, self.timeout if isinstance(self.timeout, (int, float)) else 10.0)


class _BoundedPool(HTTPConnectionPool):
    ConnectionCls = _BoundedConnection


class BoundedAdapter(HTTPAdapter):
    """requests' adapter for http:// whose connections' sockets keep the request's deadline."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {**self.poolmanager.pool_classes_by_scheme, "http": _BoundedPool}


@functools.cache
def _unix_pool_class():
    """urllib3's pool for an app on a Unix socket (requests_unixsocket's), its sockets keeping the deadline."""
    from requests_unixsocket.adapters import UnixHTTPConnection, UnixHTTPConnectionPool

    class BoundedUnixConnection(UnixHTTPConnection):
        def connect(self) -> None:
            super().connect()
            self.sock = DeadlineSocket(self.sock, self.timeout)

    class BoundedUnixPool(UnixHTTPConnectionPool):
        def _new_conn(self):
            return BoundedUnixConnection(self.socket_path, self.timeout)

    return BoundedUnixPool


def bounded_pool(base_url: str, unix_scheme: str, timeout: float) -> tuple[HTTPConnectionPool, str]:
    """A urllib3 pool for the server of ``base_url`` (``http://`` or ``unix_scheme``) whose sockets keep the
    request's deadline, and the path of ``base_url`` that each request's path goes after.

    Raises ValueError for any other URL. The pool does not retry, and sends each request on a fresh connection
    only when the one before was closed.
    """
    if base_url.startswith(unix_scheme):
        socket_part, slash, path = base_url[len(unix_scheme):].partition("/")
        return _unix_pool_class()(unix_scheme + socket_part, timeout), slash + path
    parsed = urllib3.util.parse_url(base_url)
    if parsed.scheme != "http" or not parsed.host:
        raise ValueError(f"the checks talk to http:// URLs only, not {base_url[:80]!r}")
    pool = _BoundedPool(parsed.host, parsed.port or 80, timeout=timeout, maxsize=1, retries=False)
    return pool, parsed.path or ""


def _unix_adapter():
    from requests_unixsocket.adapters import UnixAdapter

    BoundedUnixPool = _unix_pool_class()

    class BoundedUnixAdapter(UnixAdapter):
        """requests_unixsocket's adapter for http+unix:// whose sockets keep the request's deadline."""

        def get_connection(self, url, proxies=None):
            with self.pools.lock:
                pool = self.pools.get(url)
                if pool is None:
                    pool = self.pools[url] = BoundedUnixPool(url, self.timeout)
                return pool

    return BoundedUnixAdapter()


def mount_bounded(session, unix_scheme: str) -> None:
    """Mount the bounded adapters on ``session`` for http:// and ``unix_scheme``."""
    session.mount("http://", BoundedAdapter())
    session.mount(unix_scheme, _unix_adapter())


def read_capped(response, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of a urllib3 response's body (not preloaded), and whether there was more."""
    data = response.read(limit + 1, decode_content=True) or b""
    return data[:limit], len(data) > limit
