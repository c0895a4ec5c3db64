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
    assert len(lines) == 2 and "does its target import" in lines[0] and "is a ServingSetup" in lines[1]


def measured_capped(at_once: int = 2, connections: int = 2, *others: int) -> pd.DataFrame:
    """A summary like summarise_waiting's for gevent workers with ``connections`` (then ``others``) connections."""
    rows = []
    for held in (*others, connections):
        setup = ServingSetup(f"capped-{held}", "Flask", FLASK_APP, "/wait-sync/", "def", worker_class="gevent",
                             worker_connections=held)
        rows += [{**setup.labels(), "round": round_number, "requests_at_once": 8, "finished_s": 0.8, "status": 200,
                  "served_at_once": min(held, 8) if held != connections else at_once, "answered_by": 1,
                  "threads_at_peak": 1}
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
    assert any("no row of it measured a gevent worker holding 2 connections" in line for line in lines)
    assert any("you predicted 8" in line for line in lines)
    (overlap,) = [line for line in lines if "at the same time" in line]
    assert "at most 2 at once" in overlap and "worker_connections" not in overlap


def test_the_capped_row_is_found_in_a_table_of_several_setups(capsys):
    both = measured_capped(2, 2, 100)                                  # the 100-connection row comes first
    assert list(both[("what is compared", "per process")]) == ["100 connections", "2 connections"]
    assert check_capped_worker(both, 2, None, cwd=ASYNC_APPS) == 1      # only all_eight is missing
    (line,) = failed_lines(capsys.readouterr().out)
    assert "`all_eight`" in line


FAILING_APP = "def app(environ, start_response):\n    raise RuntimeError('the view failed')\n"


def test_a_missing_endpoint_and_a_failing_app_get_different_hints(tmp_path, capsys):
    missing = ServingSetup("missing", "Flask", FLASK_APP, "/no-such-endpoint/", "def", worker_class="gthread",
                           threads=4)
    assert check_overlapping(missing, cwd=ASYNC_APPS) == 1
    (tmp_path / "failing.py").write_text(FAILING_APP)
    failing = ServingSetup("failing", "WSGI", "failing:app", "/", "def", worker_class="gthread", threads=4)
    assert check_overlapping(failing, cwd=tmp_path) == 1
    not_found, failed = failed_lines(capsys.readouterr().out)
    assert "404" in not_found and "which endpoint" in not_found
    assert "500" in failed and "the app failed" in failed and "which endpoint" not in failed
