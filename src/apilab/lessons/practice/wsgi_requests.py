"""Requests a check sends to a learner's app inside the kernel: bounded in time, the app's errors kept off stderr.

``within_time(function, ...)`` runs the sending in a daemon thread and gives up after a few seconds
(a view that waits or loops becomes a failed point, not a hung cell). ``ErrorsStream`` is the
``wsgi.errors`` stream a check passes to the test client (``errors_stream=``), so the traceback Flask
logs when a view raises is kept there, never printed; ``status_hint`` turns a 404 or a 500 into a hint.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable

from apilab.lessons.practice.feedback import attempt, one_line

ANSWER_SECONDS = 5.0


def within_time(function: Callable, *args, seconds: float = ANSWER_SECONDS, **kwargs) -> tuple[object, str | None]:
    """Like ``attempt``, but a call still running after ``seconds`` gives ``(None, "no answer within …")``."""
    answer: list = []
    worker = threading.Thread(target=lambda: answer.append(attempt(function, *args, **kwargs)),
                              name="practice-request", daemon=True)
    worker.start()
    worker.join(seconds)
    if not answer:
        return None, f"no answer within {seconds:g} s: does a view wait or loop?"
    return answer[0]


class ErrorsStream(io.StringIO):
    """The ``wsgi.errors`` of a check's requests: what a raising view logged, kept for a hint."""

    def raised(self) -> str:
        """The last line logged (the exception's name and message), or ''."""
        lines = [line.strip() for line in self.getvalue().splitlines() if line.strip()]
        return one_line(lines[-1], 70) if lines else ""


def status_hint(status, path: str, errors: ErrorsStream | None, otherwise: str) -> str:
    """A hint from the outcome: 404 names the path, 500 what the view raised; else ``otherwise``."""
    if status == 404:
        return f"it answered 404: is a route's path exactly {path}?"
    if status == 500:
        raised = errors.raised() if errors is not None else ""
        return f"your view raised {raised}" if raised else "your view raised: see apilab.recent_errors()"
    return otherwise
