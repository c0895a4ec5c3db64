"""Serve any WSGI app from a background thread of the current process.

A notebook defines an app in one cell and serves it in the next::

    server = apilab.serve(create_app())
    requests.get(server.url + "/api/products/")
    server.browser_url          # the link to show the learner (see apilab.serving.hub)

Developer notes: the server writes nothing to stderr (nbgrader scores a test
cell that writes to stderr as failed, and ipykernel gives every writing thread
its own pipe); request errors are kept in ``apilab.recent_errors()`` instead.
Serving again under the same name stops the previous server first, so
re-running a cell never fails with "address in use" and never leaks a thread.
"""

from __future__ import annotations

import collections
import socket
import threading
import time

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from apilab.serving.hub import behind_hub_proxy, browser_url

HOST = "127.0.0.1"

_servers: dict[str, InKernelServer] = {}
_servers_lock = threading.Lock()
_errors: collections.deque[str] = collections.deque(maxlen=50)


def recent_errors(count: int = 5) -> list[str]:
    """Return the last ``count`` errors (tracebacks) raised while serving."""
    return list(_errors)[-count:]


def keep_error(text: str) -> None:
    """Keep an error's text (a traceback, a log record) for ``recent_errors()`` instead of printing it."""
    _errors.append(text)


class _ErrorStream:
    """A file-like ``wsgi.errors`` that keeps what apps write instead of printing it."""

    def write(self, text: str) -> int:
        if text.strip():
            _errors.append(text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass


_error_stream = _ErrorStream()


class _QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without request logs, with TCP_NODELAY and errors kept."""

    def setup(self) -> None:
        super().setup()
        # Without this, small writes wait for the client's delayed ACK (~40 ms).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def make_environ(self):
        environ = super().make_environ()
        environ["wsgi.errors"] = _error_stream
        return environ

    def log(self, type: str, message: str, *args) -> None:
        if type == "error":
            _errors.append(message % args if args else message)


class _QuietServer(ThreadedWSGIServer):
    """A threaded Werkzeug server that tracks its request threads so stop() can join them."""

    def __init__(self, app, name: str) -> None:
        super().__init__(HOST, 0, app, handler=_QuietRequestHandler)
        self.name = name
        self.request_threads: set[threading.Thread] = set()

    def process_request(self, request, client_address) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"apilab-{self.name}-request",
            daemon=True,
        )
        self.request_threads = {t for t in self.request_threads if t.is_alive()}
        self.request_threads.add(thread)
        thread.start()

    def log(self, type: str, message: str, *args) -> None:
        _errors.append(message % args if args else message)

    def handle_error(self, request, client_address) -> None:
        import traceback

        _errors.append(traceback.format_exc())


class InKernelServer:
    """A WSGI app served on a free 127.0.0.1 port from a background thread.

    ``url`` is what code in the kernel calls (``http://127.0.0.1:PORT``);
    ``browser_url`` is the link to show the learner: the same on a laptop, the
    learner's proxy path on JupyterHub (``/user/<name>/proxy/absolute/<port>``).
    """

    def __init__(self, app, name: str) -> None:
        self.name = name
        self.app = app
        self._server = _QuietServer(behind_hub_proxy(app), name)  # binds and listens
        self.port: int = self._server.socket.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        self.browser_url = browser_url(self.port)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"apilab-{name}",
            daemon=True,
        )
        self._thread.start()

    @property
    def running(self) -> bool:
        """True until stop() has been called and the thread has ended."""
        return self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, close the socket and join every thread (safe to call twice)."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout)
        self._server.server_close()
        deadline = time.monotonic() + timeout
        for thread in list(self._server.request_threads):
            thread.join(max(0.0, deadline - time.monotonic()))
        with _servers_lock:
            if _servers.get(self.name) is self:
                del _servers[self.name]

    def __enter__(self) -> InKernelServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        """Where it serves and, while it runs, a link to a path the app answers (never a bare ``/`` it may not).

        JupyterLab makes every ``http://`` in a text output a link, so the address itself is written
        without its scheme: the only link is one that opens a real endpoint, and a stopped server has none.
        """
        address = f"{HOST}:{self.port}"
        if not self.running:
            return f"<InKernelServer {self.name!r} stopped (was at {address})>"
        shown = f"<InKernelServer {self.name!r} serving at {address}"
        if self.browser_url != self.url:
            shown += f" (browser: {self.browser_url.removeprefix('http://').removeprefix('https://')})"
        path = link_path(self.app)
        return shown + (f"; open {self.browser_url}{path}>" if path else ">")


PREFERRED_PATHS = ("/api/products/", "/admin/", "/api/docs/")


def link_path(app) -> str | None:
    """A path ``app`` answers GET on with no argument, for a link: /api/products/ when it has it, else its first.

    Flask's routes are read from its URL map; Django's are tried with its resolver; any other WSGI app
    gets no link.
    """
    rules = getattr(getattr(app, "url_map", None), "iter_rules", None)
    if callable(rules):  # Flask
        paths = [rule.rule for rule in rules() if "GET" in (rule.methods or ()) and not rule.arguments
                 and rule.endpoint != "static"]  # in the order the app defined them
        return next((path for path in PREFERRED_PATHS if path in paths), paths[0] if paths else None)
    if type(app).__module__.startswith("django."):
        from django.urls import Resolver404, resolve

        for path in PREFERRED_PATHS:
            try:
                resolve(path)
                return path
            except Resolver404:
                continue
    return None


def _keep_flask_exception(sender, exception, **extra) -> None:
    import traceback

    _errors.append("".join(traceback.format_exception(exception)))


def _watch_flask_errors() -> None:
    """Keep the traceback of every unhandled Flask view error (Flask answers 500)."""
    try:
        from flask import got_request_exception
    except ImportError:
        return
    got_request_exception.connect(_keep_flask_exception)  # weak refs: connecting twice is a no-op


def _default_name(app) -> str:
    package = type(app).__module__.split(".")[0]
    return package if package in ("flask", "django") else "wsgi"


def serve(app, name: str | None = None) -> InKernelServer:
    """Serve a WSGI app (a Flask app, Django's WSGIHandler, ...) and return its handle.

    ``name`` defaults to "flask", "django" or "wsgi" after the app's framework;
    a server already running under that name is stopped first.
    """
    if not callable(app):
        raise TypeError(
            f"serve() needs a WSGI application (a Flask app or Django's WSGIHandler), "
            f"got {type(app).__name__}: {app!r:.80}"
        )
    if name is None:
        name = _default_name(app)
    _watch_flask_errors()
    if not isinstance(name, str) or not name:
        raise ValueError(f"serve() needs a non-empty string name, got {name!r}")
    with _servers_lock:
        previous = _servers.pop(name, None)
    if previous is not None:
        previous.stop()
    server = InKernelServer(app, name)
    with _servers_lock:
        _servers[name] = server
    return server


def running_servers() -> dict[str, InKernelServer]:
    """Return the servers started by serve() that are still running, by name."""
    with _servers_lock:
        return dict(_servers)


def stop_all() -> None:
    """Stop every server started by serve()."""
    for server in running_servers().values():
        server.stop()
