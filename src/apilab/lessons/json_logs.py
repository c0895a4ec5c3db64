"""Structured logs: one JSON object per line, with python-json-logger (lesson Real-API-Features).

``capture_json_logs("products.flask", "products.django")`` sends those
loggers' lines, as JSON with the request id on each, to a ``StringIO`` that a
lesson reads back with ``json_lines``. A server would send them to standard
output instead (``json_log_handler(sys.stdout)``), where the platform's log
collector picks them up; the lesson captures them because a notebook cell must
write nothing to stderr, and to show them in a table.

Developer notes: the captured loggers stop propagating, so their lines never
reach the root logger (or the kernel's stderr); capturing again replaces the
earlier handler instead of adding a second one.
"""

from __future__ import annotations

import io
import json
import logging

from pythonjsonlogger.json import JsonFormatter

from apilab.lessons.request_ids import RequestIdLogFilter

FIELDS = ["asctime", "levelname", "name", "message", "request_id"]  # and any ``extra=`` a line is logged with
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


def json_log_handler(stream, handler_class: type[logging.StreamHandler] = logging.StreamHandler) -> logging.Handler:
    """A handler writing JSON lines to ``stream``, each with the current request's id."""
    handler = handler_class(stream)
    handler.setFormatter(JsonFormatter(FIELDS, rename_fields=RENAMED))
    handler.addFilter(RequestIdLogFilter())
    return handler


class _CapturingHandler(logging.StreamHandler):
    """A JSON-lines handler installed by capture_json_logs (so that a second capture can replace it)."""


def capture_json_logs(*logger_names: str, level: int = logging.INFO) -> io.StringIO:
    """Send the named loggers' lines, as JSON, to a new ``StringIO`` (and nowhere else); return it."""
    stream = io.StringIO()
    handler = json_log_handler(stream, _CapturingHandler)
    for name in logger_names:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, _CapturingHandler)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    return stream


def json_lines(stream: io.StringIO) -> list[dict]:
    """The lines written to ``stream`` so far, each parsed from JSON."""
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
