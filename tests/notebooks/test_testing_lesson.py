"""The Testing-An-API lesson runs its own tests: all pass on the good builds, exactly one fails on the broken one."""

from __future__ import annotations

import re

import pytest
from lesson_outputs import displayed_text, lesson_named

LESSON = lesson_named("Testing-An-API")


def summary(cell) -> dict[str, int]:
    """pytest's counts ('13 passed', '1 failed') as the cell displayed them."""
    return {word: int(number) for number, word in re.findall(r"(\d+) (passed|failed|error)", displayed_text(cell))}


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_the_lessons_tests_pass_on_the_builds_and_catch_the_broken_one(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, f"{lesson} stopped with an error:\n{run.error}"
    cells = {cell.get("id"): cell for cell in run.notebook.cells}
    flask, drf, broken = (summary(cells[name]) for name in ("testing-flask-run", "testing-drf-run",
                                                              "testing-broken-run"))
    assert flask.get("passed", 0) >= 10 and "failed" not in flask, flask
    assert drf.get("passed", 0) >= 10 and "failed" not in drf, drf
    assert broken.get("failed") == 1 and broken.get("passed") == flask["passed"] - 1, broken
    assert "price negative" in displayed_text(cells["testing-broken-run"])
    assert summary(cells["testing-answer-run"]) == {"passed": 1}
