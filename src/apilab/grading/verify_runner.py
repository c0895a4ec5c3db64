"""The process that serves a learner's answer for verification: ``python -m apilab.grading.verify_runner``.

Started by ``apilab.grading.runner`` in the submission's working copy (in a
sandbox when bwrap works), it runs the notebook's setup cell and the learner's
answer cells in an IPython shell of its own (each cell stopped after a time
limit, as nbgrader does), then answers the grader's requests, one JSON object
per line on stdin. Its first reply says the cells have run: {"ready": true, "problems":
[a line per cell that failed], "changed": [what they changed of how a notebook shows
results, such as set_custom_exc]}. Then it answers the requests of the exercise
(``Exercise.ops`` of ``apilab.exercises``: {"op": NAME, ...params}, each a function
of the ``Answer`` that produces something the grader then checks itself, such as
an app served on a socket, {"socket": its file name}) until {"op": "quit"}.

Replies go to the stdout the process started with; whatever the learner's code
prints goes to stderr. Each app is served on one of the listening Unix sockets
the grader made and the process inherited (``--fds``): a sandbox without network
has a loopback of its own, but an inherited socket works across it, with no TCP
port or socket file for anyone else on the machine to reach. A reply names the
socket by its number (``runner.Runner.socket_url``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from typing import Any

CELL_TIME_LIMIT = 120  # seconds one answer cell may run, as nbgrader's ExecutePreprocessor.timeout allows
SERVE_TIME_LIMIT = 60  # seconds create_app() and serving may take


class TimeLimit(Exception):
    """A cell or a create_app() call ran past its time limit."""


def _alarm(signum, frame):
    raise TimeLimit("ran past the time limit and was interrupted")


def graded_sources(notebook_path: str) -> list[str]:
    """The sources of the setup cell, the answer cells and the cells the learner added, in notebook order."""
    # Read as plain JSON: the grader wrote this copy with nbformat (version 4), and importing
    # nbformat here would load jsonschema's format checkers, about 2 s of this process's start.
    with open(notebook_path, encoding="utf-8") as file:
        notebook = json.load(file)
    sources = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        added = cell.get("metadata", {}).get("apilab_added")
        if cell.get("cell_type") == "code" and (meta.get("grade_id") == "setup" or meta.get("solution") or added):
            source = cell.get("source", "")
            sources.append("".join(source) if isinstance(source, list) else source)
    return sources


def _how_results_show(shell) -> dict:
    """What decides how the shell shows a cell's result: its exception handler, the text of numbers."""
    printers = shell.display_formatter.formatters["text/plain"].type_printers
    shown = {"set_custom_exc": shell.custom_exceptions}
    shown.update({f"the text shown for {kind.__name__}": printers.get(kind) for kind in (int, float, bool)})
    return shown


def run_cells(sources: list[str]) -> tuple[dict, list[str], list[str]]:
    """Run ``sources`` in a fresh IPython shell: its namespace, one line per cell that failed, and what
    the cells changed of how a notebook shows results (a trick on the graded notebook, named for the flag)."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    before = _how_results_show(shell)
    problems = []
    for source in sources:
        signal.alarm(CELL_TIME_LIMIT)
        try:
            result = shell.run_cell(source, store_history=False)
        except TimeLimit as error:
            problems.append(str(error))
            continue
        finally:
            signal.alarm(0)
        if result.error_in_exec is not None or result.error_before_exec is not None:
            error = result.error_in_exec or result.error_before_exec
            problems.append(f"{type(error).__name__}: {error}")
    after = _how_results_show(shell)
    changed = [name for name, value in before.items() if after[name] != value]
    return shell.user_ns, problems, changed


class Answer:
    """The learner's answer as the exercise's requests see it: the cells' namespace, and serving an app."""

    def __init__(self, namespace: dict, fds: list[int]):
        self.namespace = namespace
        self.fds = list(fds)  # listening Unix sockets the grader made, each for one app
        self.servers = []

    def serve_app(self, app) -> dict:
        """Serve the WSGI ``app`` on the next listening socket the grader gave: {"socket": its number}."""
        import threading

        from werkzeug.serving import make_server

        from apilab.serving.unlogged_handler import UnloggedRequestHandler

        number = len(self.servers)
        if number >= len(self.fds):
            raise RuntimeError(f"every one of the {len(self.fds)} sockets already serves an app")
        server = make_server("unix://grader-socket", 0, app, threaded=True, fd=self.fds[number],
                             request_handler=UnloggedRequestHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.servers.append(server)
        return {"socket": number}

    def serve_pair(self, apps: list, made_by: str) -> dict:
        """Serve the two apps two ``made_by`` calls returned: {"sockets": [...], "same": bool}."""
        if not all(callable(app) for app in apps):
            raise TypeError(f"{made_by} returned {type(apps[0]).__name__}, not a Flask app")
        return {"sockets": [self.serve_app(app)["socket"] for app in apps], "same": apps[0] is apps[1]}


def reply_line(reply: dict) -> str:
    """A reply as a line of its own: it starts with a newline, so a part of a line the learner's code wrote
    to the replies' pipe ends there instead of spoiling the reply."""
    return "\n" + json.dumps(reply) + "\n"


def answer_requests(answer: Answer, replies, ops: dict) -> None:
    """Answer the grader's requests from stdin until "quit" or the end of input."""
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op", None)
        if op == "quit":
            break
        reply: dict[str, Any]
        signal.alarm(SERVE_TIME_LIMIT)
        try:
            if op not in ops:
                raise ValueError(f"unknown op {op!r}")
            reply = ops[op](answer, **request)
        except BaseException as error:  # the learner's code failed: say so, keep serving
            reply = {"error": f"{type(error).__name__}: {error}"[:300]}
        finally:
            signal.alarm(0)
        replies.write(reply_line(reply))
        replies.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apilab.grading.verify_runner")
    parser.add_argument("notebook")
    parser.add_argument("assignment", help="the exercise whose requests this process answers")
    parser.add_argument("--fds", required=True, help="the listening sockets to serve apps on (descriptors, a,b,...)")
    parser.add_argument("--query-log", type=int, help="a pipe to write each SQL statement to (a descriptor)")
    options = parser.parse_args(argv)
    from apilab.exercises import exercise

    answering = exercise(options.assignment)
    if options.query_log is not None:  # before any of the learner's code runs
        from apilab.grading.answer_guard import guard
        from apilab.grading.query_shim import LOG_FD_VARIABLE

        if LOG_FD_VARIABLE not in os.environ:  # no C counter (no compiler): count in Python, which the
            from apilab.exercises.api_features.query_count import install, pipe_sink  # answer could evade

            install(pipe_sink(options.query_log))
        guard()
    replies = os.fdopen(os.dup(1), "w")  # the grader reads replies here ...
    os.dup2(2, 1)  # ... and what the learner's code prints goes to stderr
    sys.stdout = sys.stderr
    signal.signal(signal.SIGALRM, _alarm)
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:  # the grader's first line: the exercise's variant of the run (e.g. apps it swaps in), {} for none
        variant = json.loads(sys.stdin.readline() or "{}")
    except ValueError:
        variant = {}
    variant = variant if isinstance(variant, dict) else {}
    if answering.prepare is not None:
        answering.prepare(variant)
    namespace, problems, changed = run_cells(graded_sources(options.notebook))
    replies.write(reply_line({"ready": True, "problems": problems[:10], "changed": changed}))
    replies.flush()
    fds = [int(fd) for fd in options.fds.split(",") if fd]
    answer_requests(Answer(namespace, fds), replies, answering.ops)
    return 0


if __name__ == "__main__":
    sys.exit(main())
