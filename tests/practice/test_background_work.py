"""Self-checks of lesson Background-Work: "not done yet", all passed on a model answer, hints on wrong answers.

The round-trip checks run against a real Redis and a real Celery worker (the lesson's report_tasks),
with the learner's API in Flask or in Django.
"""

import re
import sys

import pytest
from course_paths import NOTEBOOKS

from apilab.lessons.practice.background_work import check_queue_order, check_report_api
from apilab.serving.programs import missing_message

BACKGROUND_APPS = NOTEBOOKS / "background_apps"
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
ASK_AGAIN = {"Retry-After": "1"}
needs_redis = pytest.mark.skipif(bool(missing_message("redis-server")), reason=str(missing_message("redis-server")))


def failed_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("✗")]


@pytest.fixture(scope="module")
def celery_app():
    """The lesson's Celery app, on a Redis and a worker started for these tests and stopped after them."""
    from apilab.serving.celery_worker import start_celery_worker
    from apilab.serving.redis_server import start_redis

    sys.path.insert(0, str(BACKGROUND_APPS))
    try:
        import report_tasks

        with start_redis(name="practice-tests") as redis_server, \
             start_celery_worker("report_tasks", redis_server.url, cwd=BACKGROUND_APPS):
            yield report_tasks.create_celery(redis_server.url)
    finally:
        sys.path.remove(str(BACKGROUND_APPS))


def body_of(celery_app, job_id):
    job = celery_app.AsyncResult(job_id)
    body = {"id": job_id, "state": job.state}
    if job.state == "SUCCESS":
        body["result"] = job.result
    return body


def flask_api(celery_app, started_status=202, retry_after=True, external=True, waits=False, pending_status=200):
    """The lesson's Flask API; ``started_status``, ``retry_after`` and ``waits`` make typical wrong answers,
    ``external`` (an absolute status URL) and ``pending_status`` other right ones."""
    from flask import Flask, request, url_for

    app = Flask("practice-reports")
    ask_again = ASK_AGAIN if retry_after else {}

    @app.post("/api/reports/")
    def start():
        data = request.get_json(silent=True)
        month = data.get("month") if isinstance(data, dict) else None
        if not isinstance(month, str) or not MONTH.fullmatch(month):
            return {"month": ["Give the month as YYYY-MM."]}, 400
        job = celery_app.tasks["shop.build_sales_report"].delay(month)
        if waits:
            job.get(timeout=10)
        status_url = url_for("status", job_id=job.id, _external=external)
        return {"id": job.id, "status_url": status_url}, started_status, {"Location": status_url, **ask_again}

    @app.get("/api/reports/<job_id>/")
    def status(job_id):
        body = body_of(celery_app, job_id)
        final = body["state"] in ("SUCCESS", "FAILURE")
        return body, 200 if final else pending_status, ({} if final else ask_again)

    return app


def django_api(celery_app):
    """The same API as DRF function views."""
    from django.urls import path, reverse
    from rest_framework.decorators import api_view
    from rest_framework.response import Response

    @api_view(["POST"])
    def start(request):
        month = request.data.get("month") if isinstance(request.data, dict) else None
        if not isinstance(month, str) or not MONTH.fullmatch(month):
            return Response({"month": ["Give the month as YYYY-MM."]}, status=400)
        job = celery_app.tasks["shop.build_sales_report"].delay(month)
        status_url = request.build_absolute_uri(reverse("practice-report-status", args=[job.id]))
        return Response({"id": job.id, "status_url": status_url}, status=202,
                        headers={"Location": status_url, **ASK_AGAIN})

    @api_view(["GET"])
    def status(request, job_id):
        body = body_of(celery_app, job_id)
        return Response(body, headers={} if body["state"] in ("SUCCESS", "FAILURE") else ASK_AGAIN)

    return [path("api/reports/", start), path("api/reports/<str:job_id>/", status, name="practice-report-status")]


def test_the_template_is_not_done_yet_and_so_is_any_api_without_a_broker(capsys):
    def make_report_api():
        ...

    assert check_report_api(make_report_api, celery_app=None) is None
    assert check_report_api(lambda: [], celery_app=None) is None
    assert check_queue_order(None, None) is None
    assert check_queue_order("skipped: no redis-server", ["2026-07"]) is None
    out = capsys.readouterr().out
    assert out.count("not done yet") == 4 and "✗" not in out


@needs_redis
def test_the_model_answer_passes_in_flask_and_in_django(celery_app, capsys):
    import apilab

    apilab.setup_django()
    assert check_report_api(lambda: flask_api(celery_app), celery_app) == 0
    assert check_report_api(lambda: django_api(celery_app), celery_app) == 0
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 2 and "✗" not in out


@needs_redis
def test_a_200_without_retry_after_gets_hints_without_the_answer(celery_app, capsys):
    assert check_report_api(lambda: flask_api(celery_app, retry_after=False), celery_app) == 2
    lines = failed_lines(capsys.readouterr().out)
    assert len(lines) == 2 and all("Retry-After" in line for line in lines)
    capsys.readouterr()
    assert check_report_api(lambda: flask_api(celery_app, started_status=200), celery_app) == 1
    (line,) = failed_lines(capsys.readouterr().out)
    assert "it answered 200" in line and "202" in line.split(":")[0]   # the task names 202; the hint says why


@needs_redis
def test_a_function_that_raises_or_returns_something_else_is_a_failed_point(celery_app, capsys):
    def broken():
        raise RuntimeError("no app yet")

    assert check_report_api(broken, celery_app) == 1
    assert check_report_api(lambda: "an app", celery_app) == 1
    lines = failed_lines(capsys.readouterr().out)
    assert "RuntimeError: no app yet" in lines[0] and "returned a str" in lines[1]


def test_the_queue_order_is_read_from_the_learners_own_measurement(capsys):
    finished = {"2026-07": 0.6, "2026-08": 1.1, "2026-09": 1.6}
    assert check_queue_order(finished, ["2026-07", "2026-08", "2026-09"]) == 0
    assert check_queue_order(finished, ["2026-09", "2026-08", "2026-07"]) == 1
    assert check_queue_order({"2026-07": 0.6, "2026-08": None, "2026-09": 1.6}, ["2026-07"]) == 4
    lines = failed_lines(capsys.readouterr().out)
    assert "how many tasks does one solo worker run at once?" in lines[0]
    assert "2 of 3 months have a time" in lines[1]


@needs_redis
def test_a_relative_status_url_and_a_202_while_pending_are_right_too(celery_app, capsys):
    assert check_report_api(lambda: flask_api(celery_app, external=False), celery_app) == 0
    assert check_report_api(lambda: flask_api(celery_app, pending_status=202), celery_app) == 0
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 2 and "✗" not in out


@needs_redis
def test_a_202_sent_after_the_work_is_done_is_caught(celery_app, capsys):
    assert check_report_api(lambda: flask_api(celery_app, waits=True), celery_app) == 1
    (line,) = failed_lines(capsys.readouterr().out)
    assert "before the work was done" in line and "answer at once" in line


@needs_redis
def test_a_post_that_never_answers_in_time_keeps_the_points_before_it(celery_app, capsys, monkeypatch):
    import apilab.lessons.practice.background_work as background_work

    monkeypatch.setattr(background_work, "ANSWER_WITHIN_S", 0.2)   # shorter than the job: the waiting view times out
    assert check_report_api(lambda: flask_api(celery_app, waits=True), celery_app) == 1
    out = capsys.readouterr().out
    assert "✓ a malformed month is refused at once (400)" in out
    (line,) = failed_lines(out)
    assert "answers 202" in line and "answer at once" in line


def test_odd_months_and_typed_in_times_get_hints_not_errors(capsys):
    assert check_queue_order({"2026-07": 0.6, 8: 1.1, "2026-09": 1.6}, ["2026-07", "2026-08", 9]) == 2
    assert check_queue_order({"2026-07": 0.6, "2026-08": 0.7, "2026-09": float("inf")},
                             ["2026-07", "2026-08", "2026-09"]) == 3
    assert check_queue_order({"2026-07": 0.6, "2026-08": 0.7, "2026-09": 0.8}, ["2026-07", "2026-08", "2026-09"]) == 1
    lines = failed_lines(capsys.readouterr().out)
    assert "the same three months" in lines[0] and "how many tasks" in lines[1]
    assert "2 of 3 months have a time" in lines[2]
    assert all("don't type them in" in line for line in (lines[3], lines[5]))


def test_timedelta_times_are_named_in_the_hint(capsys):
    import datetime

    finished = {month: datetime.timedelta(seconds=s) for month, s in (("2026-07", 0.6), ("2026-08", 1.1))}
    assert check_queue_order(finished, list(finished)) >= 1
    assert "total_seconds()" in failed_lines(capsys.readouterr().out)[0]
