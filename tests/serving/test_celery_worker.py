"""apilab.serving.celery_worker and the lesson's tasks.py: eager without a broker, queued with Redis and a worker."""

import sys

import psutil
import pytest
from course_paths import NOTEBOOKS

from apilab.serving.celery_worker import start_celery_worker
from apilab.serving.programs import missing_message

ASYNC_APPS = NOTEBOOKS / "async_apps"


@pytest.fixture
def tasks(monkeypatch):
    """The lesson's tasks module, imported from notebooks/async_apps."""
    monkeypatch.syspath_prepend(str(ASYNC_APPS))
    sys.modules.pop("tasks", None)
    import tasks

    return tasks


def test_without_a_broker_tasks_run_eagerly_in_this_process(tasks):
    import os

    result = tasks.create_celery().tasks["shop.send_order_confirmation"].delay(1, "a@example.com")
    assert result.get() == {"order_id": 1, "sent_to": "a@example.com", "worker_pid": os.getpid()}


@pytest.mark.skipif(bool(missing_message("redis-server")), reason=str(missing_message("redis-server")))
def test_with_redis_a_worker_process_runs_the_task_and_is_stopped(tasks):
    from apilab.serving.redis_server import start_redis

    with start_redis() as redis_server:
        with start_celery_worker("tasks", redis_server.url, cwd=ASYNC_APPS) as worker:
            send = tasks.create_celery(redis_server.url).tasks["shop.send_order_confirmation"]
            outcome = send.delay(2, "b@example.com").get(timeout=20)
            assert outcome["worker_pid"] == worker.pid
        assert not worker.running
        assert not psutil.pid_exists(worker.pid)  # stopped and reaped


def test_bad_broker_is_refused():
    with pytest.raises(ValueError, match="broker_url"):
        start_celery_worker("tasks", "redis://example.com:6379/0")


def test_starting_again_under_a_name_stops_the_previous_worker_and_stop_all_stops_the_rest():
    import os

    import apilab
    from apilab.serving.redis_server import start_redis

    message = missing_message("redis-server")
    if message:  # under CI a missing program fails instead of skipping
        if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)

    with start_redis(name="worker-test") as redis_server:
        first = start_celery_worker("tasks", redis_server.url, cwd=ASYNC_APPS)
        second = start_celery_worker("tasks", redis_server.url, cwd=ASYNC_APPS)  # a cell run again
        other = start_celery_worker("tasks", redis_server.url, cwd=ASYNC_APPS, name="other")
        assert not first.running and second.running and other.running
        apilab.stop_all()
        assert not second.running and not other.running
        assert not any(psutil.pid_exists(worker.pid) for worker in (first, second, other))
