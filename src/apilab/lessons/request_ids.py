"""A request id for every request and every log line, in Flask and in Django (lesson Real-API-Features).

A request keeps the id its client sent in ``X-Request-ID`` (a proxy or the
calling service made it) or gets a new one; the response echoes it, and every
log line written while the request runs carries it, so that one request's
lines can be found among thousands. The same steps twice:

- ``add_request_ids(app)``: Flask's ``before_request`` / ``after_request`` /
  ``teardown_request`` hooks;
- ``RequestIdMiddleware``: a Django middleware (named in ``MIDDLEWARE``).

Both set ``current_request_id``, a context variable that
``RequestIdLogFilter`` copies onto each log record.

Developer notes: an id sent by the client is kept only if it is short and
plain (letters, digits, ``.``, ``_``, ``-``): it is written into logs and
headers, where a newline or a megabyte would do harm. The context variable is
reset when the request ends, so a server thread that goes on to other work
does not log under a finished request's id.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
NO_REQUEST = "-"  # the id on log lines written outside any request
_PLAIN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default=NO_REQUEST)


def new_request_id() -> str:
    """A new random id: 32 hex digits."""
    return uuid.uuid4().hex


def request_id_from(sent: str | None) -> str:
    """The id a client sent, if it is 1-64 plain characters; else a new one."""
    if sent is not None and _PLAIN_ID.fullmatch(sent):
        return sent
    return new_request_id()


class RequestIdLogFilter(logging.Filter):
    """Put the current request's id on every log record, as ``request_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


def add_request_ids(app, logger_name: str = "products.flask") -> None:
    """Give every request of a Flask ``app`` an id: read or made, echoed, on log lines; log its start."""
    from flask import g, request

    log = logging.getLogger(logger_name)

    @app.before_request
    def take_request_id():
        g.request_id = request_id_from(request.headers.get(HEADER))
        g.request_id_token = current_request_id.set(g.request_id)
        log.info("request started", extra={"method": request.method, "path": request.path})

    @app.after_request
    def echo_request_id(response):
        if "request_id" in g:  # absent when an earlier hook answered first
            response.headers[HEADER] = g.request_id
        return response

    @app.teardown_request
    def forget_request_id(error=None):
        token = g.pop("request_id_token", None)
        if token is not None:
            current_request_id.reset(token)


class RequestIdMiddleware:
    """Give every Django request an id: read or made, echoed, on log lines; log its start."""

    logger_name = "products.django"  # override in a subclass to log elsewhere

    def __init__(self, get_response):
        self.get_response = get_response
        self.log = logging.getLogger(self.logger_name)

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(HEADER))
        token = current_request_id.set(request.request_id)
        try:
            self.log.info("request started", extra={"method": request.method, "path": request.path})
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request.request_id
        return response
