"""A byte relay between a TCP port on 127.0.0.1 and a Unix socket, for apps served inside a sandbox.

A sandbox without network (bubblewrap's ``--unshare-net``) has a loopback of its
own: the grader cannot reach a port there. The app in the sandbox is served on
its own loopback as usual, a ``Relay`` inside pipes a Unix socket in the
sandbox's working copy to it, and a ``Relay`` in the grader pipes a free port on
the grader's 127.0.0.1 to that socket. Bytes are copied as they are, so HTTP,
keep-alive and all, passes through unchanged. The grader's relay accepts only
connections made by its own Unix user (read from ``/proc/net/tcp``): on a shared
machine, such as a JupyterHub, another user's process cannot reach the app a
submission serves while it is checked.
"""

from __future__ import annotations

import os
import socket
import threading
from typing import Callable

CHUNK = 65536


def _pipe(source: socket.socket, target: socket.socket) -> None:
    """Copy bytes from ``source`` to ``target`` until either side closes."""
    try:
        while True:
            data = source.recv(CHUNK)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for each in (source, target):
            try:
                each.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def tcp_peer_uid(connection: socket.socket) -> int | None:
    """The Unix user owning the other end of an accepted 127.0.0.1 TCP ``connection`` (None when not found)."""
    port = connection.getpeername()[1]
    here = connection.getsockname()[1]
    wanted_local, wanted_remote = f":{port:04X}", f":{here:04X}"
    try:
        with open("/proc/net/tcp") as table:
            next(table)
            for line in table:
                fields = line.split()
                if fields[1].endswith(wanted_local) and fields[2].endswith(wanted_remote):
                    return int(fields[7])
    except (OSError, StopIteration, IndexError, ValueError):
        return None
    return None


def same_user(connection: socket.socket) -> bool:
    """True when the other end of ``connection`` runs as this process's Unix user."""
    return tcp_peer_uid(connection) == os.getuid()


class Relay:
    """Accept connections on ``listener`` (those ``allow`` accepts) and pipe each to a new one from ``connect()``."""

    def __init__(self, listener: socket.socket, connect: Callable[[], socket.socket],
                 allow: Callable[[socket.socket], bool] | None = None):
        self.listener = listener
        self.connect = connect
        self.allow = allow
        self.closed = False
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, name="relay", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.allow is not None and not self.allow(client):
                client.close()
                continue
            try:
                upstream = self.connect()
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            threading.Thread(target=self._relay, args=(client, upstream), daemon=True).start()

    def _relay(self, client: socket.socket, upstream: socket.socket) -> None:
        """Pipe both ways until the connection ends, then close both sockets (a grading run opens hundreds)."""
        back = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
        back.start()
        _pipe(client, upstream)
        back.join()
        with self._lock:
            for each in (client, upstream):
                each.close()
                if each in self._open:
                    self._open.remove(each)

    def close(self) -> None:
        """Stop accepting and close every connection."""
        self.closed = True
        with self._lock:
            still_open = [self.listener, *self._open]
        for each in still_open:
            try:
                each.close()
            except OSError:
                pass


def tcp_to_unix(path: str) -> tuple[Relay, str]:
    """Listen on a free 127.0.0.1 port, relaying to the Unix socket ``path``; return the relay and its URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)

    def connect() -> socket.socket:
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        upstream.connect(path)
        return upstream

    return Relay(listener, connect, allow=same_user), f"http://127.0.0.1:{listener.getsockname()[1]}"


def unix_to_tcp(path: str, port: int) -> Relay:
    """Listen on the Unix socket ``path``, relaying to 127.0.0.1:``port``."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)

    def connect() -> socket.socket:
        upstream = socket.create_connection(("127.0.0.1", port), timeout=10)
        upstream.settimeout(None)
        return upstream

    return Relay(listener, connect)
