"""The practice checks' tests read a report one point per line: a hint wrapped under its point is joined back.

``apilab.lessons.practice.feedback`` wraps a hint too long for its point's line onto indented lines
(test_feedback.py tests that layout with ``capfd``); the other tests look for what a point says, so their
``capsys`` gives the report with each wrapped hint back on its point's line.
"""

import re

import pytest

from apilab.lessons.practice.feedback import HINT_INDENT


def one_point_per_line(text: str) -> str:
    return re.sub(rf"\n{HINT_INDENT}(?=\S)", " ", text)


@pytest.fixture
def capsys(capsys):
    class OnePointPerLine:
        def readouterr(self):
            captured = capsys.readouterr()
            return type(captured)(one_point_per_line(captured.out), captured.err)

        def __getattr__(self, name):
            return getattr(capsys, name)

    return OnePointPerLine()
