"""Background tasks with Celery, for lesson Asynchronous-APIs: a task is a function the API hands to a queue.

``create_celery(broker_url)`` builds a Celery app, like Flask's app factory.
With a broker (Redis here; Redis or RabbitMQ in production) ``.delay()``
puts the task on a queue and a separate ``celery -A tasks worker`` process
runs it. Without one, tasks run eagerly: ``.delay()`` executes the task at
once in the calling process, which shows the shape of the code without a
queue or a worker.
"""

import os
import time

from celery import Celery


def create_celery(broker_url=None) -> Celery:
    """Return a Celery app on ``broker_url`` (also its result store), or an eager one when None."""
    app = Celery("shop_tasks", broker=broker_url or "memory://", backend=broker_url)
    app.conf.update(task_always_eager=broker_url is None, task_eager_propagates=True,
                    broker_connection_retry_on_startup=True)

    @app.task(name="shop.send_order_confirmation", shared=False)
    def send_order_confirmation(order_id: int, email: str) -> dict:
        """Pretend to send an e-mail: slow work the API should not make its client wait for."""
        time.sleep(0.2)
        return {"order_id": order_id, "sent_to": email, "worker_pid": os.getpid()}

    return app


# What `celery -A tasks worker` loads: the broker comes from the environment.
app = create_celery(os.environ.get("CELERY_BROKER_URL"))
