"""The process that serves exercise 5's builds, one at a time: ``python -m apilab.lessons.builds_server``.

It serves on the Unix socket named on its command line, and reads one JSON
request per line on stdin: ``{"build": "flask"}``, ``{"build": "drf"}``,
``{"build": "<a buggy build's name>"}`` or ``{"source": "<a module>",
"function": "<its function>"}`` (a hidden build of the instructor's), each answered with one JSON
line, ``{"ready": true}`` or ``{"error": "..."}``. From then on the socket
serves that build, made fresh again by ``POST /_course/reset`` (what the
test suite's ``api`` fixture sends before each test): every test meets an
empty store. A request body is read here first, up to ``BODY_LIMIT`` bytes
(a longer one answers 413), and the process's memory is limited: a suite runs
in the sandbox, but this process is the grader's.

It runs the course's code and the instructor's hidden builds, never a
learner's: the learner's tests run in another process and reach it only
through the socket, so nothing but the build's answers tells one build from
another.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import sys
import threading

RESET_PATH = "/_course/reset"
BODY_LIMIT = 64 * 1024  # bytes of a request body passed to a build; a longer one answers 413
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space this process may take


def _maker(request: dict):
    """A function making a fresh app of the build ``request`` names."""
    from apilab.lessons.buggy_builds import MAKERS, build_from_source, correct_maker

    if isinstance(request.get("source"), str):
        source, function = request["source"], str(request.get("function", ""))
        return lambda: build_from_source(source, function)
    name = request.get("build")
    if name in ("flask", "drf"):
        return correct_maker(name)
    if name in MAKERS:
        return MAKERS[name]
    raise ValueError(f"no build named {str(name)[:60]!r}")


class Builds:
    """The WSGI app on the socket: the current build, made again on each reset."""

    def __init__(self):
        self.lock = threading.Lock()
        self.make = None
        self.app = None

    def use(self, make) -> None:
        with self.lock:
            self.make, self.app = make, make()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == RESET_PATH and environ.get("REQUEST_METHOD") == "POST":
            with self.lock:
                if self.make is not None:
                    self.app = self.make()
            start_response("204 No Content", [])
            return [b""]
        app = self.app
        if app is None:
            return _answer(start_response, "503 Service Unavailable", "no build is served yet")
        body = _body(environ)
        if body is None:
            return _answer(start_response, "413 Content Too Large", f"a body may hold {BODY_LIMIT} bytes here")
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return app(environ, start_response)


def _body(environ) -> bytes | None:
    """The request's body (the server has already undone a chunked one), or None when longer than BODY_LIMIT."""
    stream = environ["wsgi.input"]
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        body = stream.read(BODY_LIMIT + 1)
        return body if len(body) <= BODY_LIMIT else None
    try:
        length = max(int(environ.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        length = 0
    return None if length > BODY_LIMIT else stream.read(length) if length else b""


def _answer(start_response, status: str, detail: str):
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps({"detail": detail}).encode()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apilab.lessons.builds_server")
    parser.add_argument("socket", help="the path of the Unix socket to serve on")
    options = parser.parse_args(argv)
    from werkzeug.serving import make_server

    from apilab.serving.managed_process import die_with_parent

    die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))  # whatever a suite sends or asks for
    builds = Builds()
    server = make_server(f"unix://{options.socket}", 0, builds, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    replies = sys.stdout
    sys.stdout = sys.stderr  # what a build prints never reaches the replies
    for line in sys.stdin:
        try:
            builds.use(_maker(json.loads(line)))
            reply = {"ready": True}
        except Exception as error:  # a hidden build's source that fails: say so, keep serving
            reply = {"error": f"{type(error).__name__}: {error}"[:300]}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
