"""Count the SQL statements a process sends to SQLite, whatever library sends them.

``install(sink)`` wraps ``sqlite3.connect`` (which Django, SQLAlchemy and code
using ``sqlite3`` itself all call, as ``sqlite3.dbapi2.connect``) so that every
SQLite connection the process opens from then on gets a trace callback handing
every statement to ``sink``.
Only statements that read or write a table count (``counted``): those that
manage a transaction or set a connection up read no row.

In the learner's kernel the sink is ``KernelCount`` (a count a test cell reads
before and after a request: feedback, not the grade). When graded, the grader
counts below Python instead (``apilab.grading.query_shim``); only on a machine
without a C compiler does the verification process fall back on ``pipe_sink``,
writing each statement to the grader's pipe from here, where the answer's code
could get around it (such a submission is flagged).
(An audit hook cannot do this: ``sqlite3.connect/handle`` is raised before the
connection may be used.)
"""

from __future__ import annotations

import os
import re
import sqlite3
import sqlite3.dbapi2
import threading
from collections.abc import Callable

# A statement counts when it reads or writes a table: what a connection's set-up sends (Django asks
# "select sqlite_compileoption_used(...)" on each new one), PRAGMAs and BEGIN/COMMIT name none.
TABLE_WORDS = re.compile(r"\b(FROM|INTO|UPDATE)\b", re.IGNORECASE)
LINE_BYTES = 200  # the most of one statement written to the pipe (a write this short is atomic)

_sinks: list[Callable[[str], None]] = []
_lock = threading.Lock()


def counted(statement: str) -> bool:
    """Whether ``statement`` counts as a query: it reads or writes a table (not a transaction's or a
    connection's bookkeeping)."""
    return TABLE_WORDS.search(statement) is not None and not statement.lstrip().upper().startswith("PRAGMA")


def _counting_connect(connect: Callable, set_trace: Callable, sinks: list[Callable[[str], None]]) -> Callable:
    """``connect``, giving every connection it opens a trace callback that feeds ``sinks``."""

    def trace(statement: str) -> None:
        if counted(statement):
            for sink in sinks:
                sink(statement)

    def counting_connect(*args, **kwargs):
        connection = connect(*args, **kwargs)
        set_trace(connection, trace)  # the base class's method: a factory's subclass cannot replace it
        return connection

    return counting_connect


def install(sink: Callable[[str], None]) -> None:
    """Hand every statement of the SQLite connections opened from now on to ``sink`` (once per sink)."""
    with _lock:
        if sink in _sinks:
            return
        if not _sinks:
            counting = _counting_connect(sqlite3.dbapi2.connect, sqlite3.Connection.set_trace_callback, _sinks)
            sqlite3.connect = sqlite3.dbapi2.connect = counting
        _sinks.append(sink)


class KernelCount:
    """The statements counted in this process so far (the learner's kernel: informative, not graded)."""

    def __init__(self):
        self.count = 0
        self.last: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, statement: str) -> None:
        with self._lock:
            self.count += 1
            self.last = [*self.last[-9:], statement]

    def queries(self) -> int:
        return self.count


KERNEL_COUNT = KernelCount()


def count_in_kernel() -> KernelCount:
    """Count this kernel's statements from now on; the counter (call it in the setup cell: connections
    opened before are not seen)."""
    install(KERNEL_COUNT)
    return KERNEL_COUNT


def queries_of(call: Callable[[], object]) -> tuple[object, int]:
    """Call ``call()``; return what it returned and the SQL queries this kernel sent meanwhile."""
    before = KERNEL_COUNT.queries()
    result = call()
    return result, KERNEL_COUNT.queries() - before


def pipe_sink(fd: int) -> Callable[[str], None]:
    """A sink writing each statement as one line to the pipe ``fd`` (the grader reads the other end)."""
    write = os.write

    def sink(statement: str) -> None:
        line = " ".join(statement.split()).encode("utf-8", "replace")[:LINE_BYTES - 1] + b"\n"
        try:
            write(fd, line)
        except OSError:  # the pipe was closed: nothing more is counted, and the grader sees none
            pass

    return sink
