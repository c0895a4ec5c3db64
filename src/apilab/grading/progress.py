"""How ``apilab grade-class`` reports a class as it is graded: a progress bar, or one line per learner.

In a terminal, or a notebook running the command (``!apilab grade-class …``), a tqdm bar on stdout shows
the learners graded, the time taken and an estimate of the time left, with each learner's line written
above it. When the output is a file or a pipe (CI, a log), each learner's line is printed as it is
graded, and nothing else: no bar, no carriage returns.
"""

from __future__ import annotations

import os
import sys


def wants_bar(stream=None, environ=None) -> bool:
    """True in a terminal or a Jupyter kernel's subprocess; False in CI or when the output is redirected."""
    stream = stream or sys.stdout
    environ = os.environ if environ is None else environ
    if environ.get("CI"):
        return False
    in_kernel = "JPY_PARENT_PID" in environ or "JPY_SESSION_NAME" in environ
    return bool(getattr(stream, "isatty", lambda: False)()) or in_kernel


class ClassProgress:
    """Hears of each graded submission (``start``, ``graded``) and shows it, bar or lines."""

    def __init__(self, bar: bool, stream=None):
        self.show_bar = bar
        self.stream = stream or sys.stdout
        self.bar = None

    def start(self, total: int) -> None:
        if self.show_bar:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="graded", unit="learner", file=self.stream, mininterval=0,
                            bar_format="{desc}: {n}/{total} learners |{bar}| {elapsed} so far, about {remaining} left")

    def note(self, line: str) -> None:
        """A line about the run itself (an assignment registered, say), above the bar if there is one."""
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def graded(self, submission) -> None:
        line = submission.line()
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
            self.bar.update()
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
