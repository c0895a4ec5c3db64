"""Lesson Asynchronous-APIs: what its text says about waiting requests agrees with what its cells measured.

The lesson's tables give, per setup, the slowest answer's lowest, median and
highest over the rounds, then the lowest and highest of: requests the server
worked on at once, processes that answered, their OS threads at peak; then the
failed requests. These tests read the executed notebook (the session's shared
run) and check the claims the text makes from them: counts, never speed.
"""

from __future__ import annotations

import ast
import re

import pytest
from lesson_outputs import displayed_text, lesson_named

LESSON = lesson_named("Asynchronous-APIs")
FIGURES = ["slowest low", "slowest median", "slowest high", "at once low", "at once high",
           "processes low", "processes high", "threads low", "threads high", "failed"]
COMPARED = ["flask-sync-x6", "flask-gthread", "flask-gevent", "django-sync-x6", "django-gthread",
            "django-gevent", "django-asgi-async", "django-asgi-async-bare", "django-asgi-def"]
ONE_PROCESS = [key for key in COMPARED if not key.endswith("-x6")]
BLOCKED = ["flask-gevent-c-call", "django-gevent-c-call", "django-asgi-blocking"]
THREADED_C_CALL = ["flask-gthread-c-call", "django-gthread-c-call"]


def summary_rows(text: str, keys: list[str]) -> dict[str, dict[str, float]]:
    """The figures of each setup's row of a summarise_waiting() table, read from its printed form."""
    rows = {}
    for line in text.splitlines():
        words = line.split()
        if words and words[0] in keys:
            rows[words[0]] = dict(zip(FIGURES, map(float, words[-len(FIGURES):])))
    assert sorted(rows) == sorted(keys), f"rows found: {sorted(rows)} in\n{text}"
    return rows


@pytest.fixture
def run(lesson_runs):
    """The lesson's executed notebook, from the session's shared runs."""
    found = lesson_runs.result(LESSON)
    assert found.error is None, f"{LESSON} stopped with an error:\n{found.error}"
    return found


def cell_text(run, cell_id: str) -> str:
    (cell,) = [cell for cell in run.notebook.cells if cell.get("id") == cell_id]
    return displayed_text(cell) if cell.cell_type == "code" else cell.source


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_an_async_view_under_one_wsgi_worker_is_a_staircase_in_both_frameworks(lesson, run):
    text = cell_text(run, "async-08")
    for framework in ("Flask", "Django"):
        (line,) = [line for line in text.splitlines() if line.startswith(framework)]
        assert float(line.split()[-1]) == 1, line  # served at once: one request at a time
    assert "A staircase, in both frameworks" in cell_text(run, "async-09")


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_every_setup_with_room_for_six_served_six_at_once(lesson, run):
    rows = summary_rows(cell_text(run, "async-10-measure"), COMPARED)
    assert all(row["failed"] == 0 for row in rows.values()), rows
    assert {key: row["at once low"] for key, row in rows.items()} == dict.fromkeys(COMPARED, 6.0)
    for key in ("flask-sync-x6", "django-sync-x6"):
        assert rows[key]["processes low"] == 6, rows[key]  # a process per waiting request
    for key in ONE_PROCESS:
        assert rows[key]["processes high"] == 1, (key, rows[key])  # one process held all six
    claims = ast.literal_eval(cell_text(run, "async-13"))
    assert sorted(claims["setups that served all 6 at once in every round"]) == sorted(COMPARED)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_threads_hold_a_thread_per_request_and_greenlets_do_not(lesson, run):
    rows = summary_rows(cell_text(run, "async-10-measure"), COMPARED)
    for key in ("flask-gthread", "django-gthread", "django-asgi-async", "django-asgi-async-bare", "django-asgi-def"):
        assert rows[key]["threads low"] >= 6, (key, rows[key])  # a thread per request, in every round
    for key in ("flask-gevent", "django-gevent"):
        assert rows[key]["threads high"] < 6, (key, rows[key])  # six greenlets, fewer OS threads


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_a_blocking_call_holds_every_request_of_a_gevent_or_asyncio_worker(lesson, run):
    rows = summary_rows(cell_text(run, "async-blocking"), BLOCKED + THREADED_C_CALL)
    assert {key: rows[key]["at once high"] for key in BLOCKED} == dict.fromkeys(BLOCKED, 1.0)
    assert all(rows[key]["at once low"] > 1 for key in THREADED_C_CALL), rows  # threads overlap the C call
    assert all(row["failed"] == 0 for row in rows.values()), rows


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_the_answer_to_try_it_serves_two_at_a_time(lesson, run):
    claims = ast.literal_eval(cell_text(run, "async-26"))
    assert claims["served at once, highest"] == 2


@pytest.mark.parametrize("lesson", [LESSON])
def test_the_text_types_no_durations_of_its_own(lesson):
    """Figures come from the cells: the lesson's prose names no seconds or milliseconds."""
    import nbformat
    from lesson_runs import NOTEBOOKS

    notebook = nbformat.read(NOTEBOOKS / lesson, as_version=4)
    typed = [match.group(0) for cell in notebook.cells if cell.cell_type == "markdown"
             for match in re.finditer(r"\b\d+(\.\d+)?\s?(s|ms|seconds?)\b", cell.source)]
    assert typed == []
