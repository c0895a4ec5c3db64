"""Lesson Background-Work: a failed job tells the client a code and a generic message; the worker's log keeps why."""

from __future__ import annotations

import ast

import pytest
from lesson_outputs import displayed_text, lesson_named

from apilab.serving.programs import missing_message

LESSON = lesson_named("Background-Work")


def shown(run, cell_id: str):
    (cell,) = [cell for cell in run.notebook.cells if cell.get("id") == cell_id]
    return ast.literal_eval(displayed_text(cell))


@pytest.mark.slow
@pytest.mark.skipif(bool(missing_message("redis-server")), reason=str(missing_message("redis-server")))
@pytest.mark.parametrize("lesson", [LESSON])
def test_a_failed_report_answers_a_code_and_the_log_keeps_the_exception(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, run.error
    states, report = shown(run, "background-16")
    assert states[-1] == "FAILURE" and report["state"] == "FAILURE"
    assert report["error"]["code"] == "report_failed"
    assert "no orders" not in str(report) and "ValueError" not in str(report)  # the task's exception stays inside
    logged = shown(run, "background-failure-logged")
    assert logged["the traceback is in the log"] and not logged["the exception text reached the client"]
    assert any("no orders" in line for line in logged["log lines with the job id"]), logged
