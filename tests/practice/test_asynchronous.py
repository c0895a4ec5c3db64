"""Self-checks of lesson Asynchronous-APIs: "not done yet", all passed on a model answer, hints on wrong answers.

The checks serve a setup for real (one gunicorn or uvicorn process, stopped at the end) and count
overlapping requests from the server's own start and finish times; nothing here asserts a duration.
"""

import pandas as pd
import pytest
from course_paths import NOTEBOOKS

from apilab.lessons.practice.asynchronous import check_capped_worker, check_overlapping
from apilab.lessons.waiting_comparison import ServingSetup, summarise_waiting

ASYNC_APPS = NOTEBOOKS / "async_apps"
FLASK_APP = "flask_async:create_app()"


def failed_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("✗")]


def test_the_templates_are_not_done_yet(capsys):
    assert check_overlapping(None, cwd=ASYNC_APPS) is None
    assert check_capped_worker(None, None, None, cwd=ASYNC_APPS) is None
    out = capsys.readouterr().out
    assert out.count("not done yet") == 2 and "✗" not in out


@pytest.mark.parametrize("overlapping", [
    ServingSetup("threads", "Flask", FLASK_APP, "/wait-sync/", "def", worker_class="gthread", threads=4),
    ServingSetup("asgi", "Django", "django_async:application", "/wait/", "async def", server="uvicorn"),
])
def test_one_process_that_holds_four_waits_passes_in_either_framework(overlapping, capsys):
    assert check_overlapping(overlapping, cwd=ASYNC_APPS) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("All checks passed.") and "✗" not in out


def test_a_staircase_gets_a_hint_without_the_remedy(capsys):
    staircase = ServingSetup("sync", "Flask", FLASK_APP, "/wait/", "async def")   # one sync worker
    assert check_overlapping(staircase, cwd=ASYNC_APPS) == 1
    (line,) = failed_lines(capsys.readouterr().out)
    assert "at most 1 at once" in line and "gthread" not in line and "threads" not in line


def test_more_processes_are_not_one_process(capsys):
    processes = ServingSetup("four", "Flask", FLASK_APP, "/wait-sync/", "def", workers=4)
    assert check_overlapping(processes, cwd=ASYNC_APPS) >= 1
    lines = failed_lines(capsys.readouterr().out)
    assert any("one worker process:" in line and "processes answered" in line for line in lines), lines


def test_an_app_that_cannot_load_or_a_wrong_value_is_a_failed_point_not_a_traceback(capsys):
    broken = ServingSetup("broken", "Flask", "flask_async:no_such_factory()", "/wait-sync/", "def",
                          worker_class="gthread", threads=4)
    assert check_overlapping(broken, cwd=ASYNC_APPS) == 1
    assert check_overlapping("gthread, 4 threads", cwd=ASYNC_APPS) == 1
    lines = failed_lines(capsys.readouterr().out)
    assert len(lines) == 2 and "it answered nothing" in lines[0] and "is a ServingSetup" in lines[1]


def measured_capped(at_once: int = 2, connections: int = 2) -> pd.DataFrame:
    """A summary like summarise_waiting's for a gevent worker with ``connections`` connections, 3 rounds."""
    setup = ServingSetup("capped", "Flask", FLASK_APP, "/wait-sync/", "def", worker_class="gevent",
                         worker_connections=connections)
    rows = [{**setup.labels(), "round": round_number, "requests_at_once": 8, "finished_s": 0.8, "status": 200,
             "served_at_once": at_once, "answered_by": 1, "threads_at_peak": 1}
            for round_number in range(3) for _ in range(8)]
    return summarise_waiting(pd.DataFrame(rows))


def test_the_capped_worker_model_answer_passes(capsys):
    all_eight = ServingSetup("eight", "Flask", FLASK_APP, "/wait-sync/", "def", worker_class="gevent",
                             worker_connections=8)
    assert check_capped_worker(measured_capped(), 2, all_eight, cwd=ASYNC_APPS) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("All checks passed.") and "✗" not in out


def test_a_wrong_prediction_and_a_fix_that_keeps_the_cap_get_hints(capsys):
    still_capped = ServingSetup("still", "Flask", FLASK_APP, "/wait-sync/", "def", worker_class="gevent",
                                worker_connections=2)
    assert check_capped_worker(measured_capped(connections=100), 8, still_capped, cwd=ASYNC_APPS) == 3
    lines = failed_lines(capsys.readouterr().out)
    assert any("holding 100 connections" in line for line in lines)
    assert any("you predicted 8" in line for line in lines)
    (overlap,) = [line for line in lines if "at the same time" in line]
    assert "at most 2 at once" in overlap and "worker_connections" not in overlap
