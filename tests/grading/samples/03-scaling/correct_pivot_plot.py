"""A correct submission written differently from the reference: Flask returns a list
directly, Django uses a class-based view, the load is measured one request per task
and the plot comes from a pandas pivot."""

DESCRIPTION = "correct, different style: class-based Django view, pandas pivot plot, lower-case names"
EXPECTED_SCORE = 9.0
EXPECTED_FLAG = "needs manual grade"

ANSWERS = {
    "flask_app_file": '''%%writefile {APP_FOLDER}/scaling_flask.py
from flask import Flask

PRODUCTS = [
    {"id": 1, "name": "Keyboard", "price_cents": 4999, "in_stock": True},
    {"id": 2, "name": "Mouse", "price_cents": 1999, "in_stock": True},
    {"id": 3, "name": "Monitor", "price_cents": 18999, "in_stock": False},
]


def create_app():
    flask_app = Flask("products")
    flask_app.add_url_rule("/api/products/", "products", lambda: PRODUCTS)
    return flask_app


app = create_app()
''',
    "django_app_file": '''%%writefile {APP_FOLDER}/scaling_django.py
import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="only-for-measuring-on-127.0.0.1",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    INSTALLED_APPS=[],
)
django.setup()

PRODUCTS = [
    {"id": 1, "name": "Keyboard", "price_cents": 4999, "in_stock": True},
    {"id": 2, "name": "Mouse", "price_cents": 1999, "in_stock": True},
    {"id": 3, "name": "Monitor", "price_cents": 18999, "in_stock": False},
]

from django.core.handlers.wsgi import WSGIHandler
from django.http import JsonResponse
from django.urls import path
from django.views import View


class ProductList(View):
    def get(self, request):
        return JsonResponse(PRODUCTS, safe=False)


urlpatterns = [path("api/products/", ProductList.as_view())]
application = WSGIHandler()
''',
    "measure": '''import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

session = requests.Session()


def one_request(url):
    start = time.perf_counter()
    ok = session.get(url, timeout=5).status_code == 200
    return (time.perf_counter() - start) * 1000 if ok else None


measurements = []
for name, target in {"flask": "scaling_flask:app", "django": "scaling_django:application"}.items():
    with start_process_server(target, server="gunicorn", workers=2, pythonpath=[APP_FOLDER]) as server:
        for clients in CONCURRENCY_LEVELS:
            began = time.perf_counter()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                futures = []
                while len(futures) < REQUESTS_PER_LEVEL and time.perf_counter() - began < SECONDS_PER_LEVEL:
                    futures.append(pool.submit(one_request, server.url + "/api/products/"))
                    if len(futures) % clients == 0:
                        futures[-1].result()
                latencies = [f.result() for f in futures]
            seconds = time.perf_counter() - began
            latencies = np.array([ms for ms in latencies if ms is not None])
            measurements.append(dict(framework=name, concurrency=clients,
                                     requests_per_s=len(latencies) / seconds,
                                     p50_ms=np.percentile(latencies, 50), p99_ms=np.percentile(latencies, 99)))
results = pd.DataFrame(measurements)
''',
    "plot": '''table = results.pivot(index="concurrency", columns="framework", values="requests_per_s")
axes = table.plot(marker="s", xlabel="clients at once", ylabel="req/s", title="throughput")
fig = axes.get_figure()
''',
    "interpretation": '''Both frameworks gain throughput from 1 to 2 clients and then level off: two gunicorn
workers on a two-core machine cannot serve more than two requests at once, so more clients
only queue (p99 grows). Flask answers more requests per second than Django here, but a few
hundred requests per second apart matters little once each request waits on a database.''',
}
