"""Werkzeug's request handler without a log line per request, for a server whose log nobody reads.

``dev_server_main`` serves a measured app with it (the development server is
compared quiet), and the grader's verification process serves a learner's app
with it (its stderr goes nowhere): formatting the line is about a tenth of a
small request's time in the server.
"""

from __future__ import annotations

from werkzeug.serving import WSGIRequestHandler


class UnloggedRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler, writing no line per request (errors are still logged)."""

    def log_request(self, *args, **kwargs) -> None:
        """Nothing: no line per request."""
