"""grade-class shows a bar (learners graded, time so far, time left) in a terminal, and lines in a log."""

import io
from dataclasses import dataclass

from apilab.grading.progress import ClassProgress, wants_bar


@dataclass
class Graded:
    student: str

    def line(self) -> str:
        return f"{self.student}: 20 of 20"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_or_a_notebook_gets_a_bar_and_ci_or_a_log_does_not():
    assert wants_bar(Terminal(), environ={})
    assert wants_bar(io.StringIO(), environ={"JPY_PARENT_PID": "42"})   # `!apilab grade-class` in a notebook
    assert not wants_bar(io.StringIO(), environ={})
    assert not wants_bar(Terminal(), environ={"CI": "true"})


def test_the_bar_counts_learners_with_time_left_and_keeps_each_line():
    out = Terminal()
    progress = ClassProgress(bar=True, stream=out)
    progress.start(3)
    for student in ("ada", "bo"):
        progress.graded(Graded(student))
    shown = out.getvalue()
    progress.close()
    assert "ada: 20 of 20" in shown and "bo: 20 of 20" in shown
    assert "2/3 learners" in shown and "so far, about" in shown and "left" in shown


def test_a_log_gets_one_line_per_learner_and_no_carriage_return():
    out = io.StringIO()
    progress = ClassProgress(bar=False, stream=out)
    progress.start(2)
    progress.graded(Graded("ada"))
    progress.graded(Graded("bo"))
    progress.close()
    assert out.getvalue() == "ada: 20 of 20\nbo: 20 of 20\n"
