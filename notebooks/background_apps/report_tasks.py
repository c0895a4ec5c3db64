"""Background work for lesson Background-Work: a slow sales report that an API view starts and a worker builds.

``create_celery(broker_url)`` builds the Celery app (Redis is both the queue
and the store of results). The task reports its progress as it goes, so a
status URL can say how far it is; it fails, as real work sometimes does, for
a month before the shop opened.
"""

import os
import time

from celery import Celery

SHOP_OPENED = "2020-01"


def create_celery(broker_url: str) -> Celery:
    """Return a Celery app whose queue and result store are the Redis at ``broker_url``."""
    app = Celery("shop_reports", broker=broker_url, backend=broker_url)
    app.conf.update(broker_connection_retry_on_startup=True, result_expires=3600)

    @app.task(name="shop.build_sales_report", bind=True, shared=False)
    def build_sales_report(self, month: str, steps: int = 5) -> dict:
        """Add up a month of orders in ``steps`` slow steps, telling the result store how far it got."""
        if month < SHOP_OPENED:
            raise ValueError(f"no orders in {month}: the shop opened in {SHOP_OPENED}")
        revenue_cents = 0
        for step in range(1, steps + 1):
            time.sleep(0.1)                      # stands in for reading many orders
            revenue_cents += 1000 * step
            self.update_state(state="PROGRESS", meta={"done": step, "of": steps})
        return {"month": month, "revenue_cents": revenue_cents, "built_by_pid": os.getpid()}

    return app


# What `celery -A report_tasks worker` loads: the broker comes from the environment.
app = create_celery(os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"))
