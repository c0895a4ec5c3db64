"""Correct answers to 03-scaling's cells: the two app files, a load sweep, and a throughput plot.

``SCALING`` holds the four answer cells (the interpretation, graded by hand, is
left out); ``MEASURE_BY_HAND`` is a measure cell in another style, threads and
numpy instead of ``load.sweep``, with the same columns.
"""

# flask_app_file: the catalogue as a bare JSON array.
FLASK_APP_FILE = '''%%writefile {APP_FOLDER}/scaling_flask.py
from flask import Flask, jsonify

PRODUCTS = [
    {"id": 1, "name": "Keyboard", "price_cents": 4999, "in_stock": True},
    {"id": 2, "name": "Mouse", "price_cents": 1999, "in_stock": True},
    {"id": 3, "name": "Monitor", "price_cents": 18999, "in_stock": False},
]

app = Flask(__name__)


@app.get("/api/products/")
def list_products():
    return jsonify(PRODUCTS)
'''

# django_app_file: the same JSON array from a one-file Django project.
DJANGO_APP_FILE = '''%%writefile {APP_FOLDER}/scaling_django.py
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

from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path


def list_products(request):
    return JsonResponse(PRODUCTS, safe=False)


urlpatterns = [path("api/products/", list_products)]
application = get_wsgi_application()
'''

# measure: both apps under gunicorn, swept over CONCURRENCY_LEVELS by the course's load helper.
MEASURE_SWEEP = '''runs = []
for framework, target in [("Flask", "scaling_flask:app"), ("Django", "scaling_django:application")]:
    with start_process_server(target, server="gunicorn", workers=2, pythonpath=[APP_FOLDER]) as server:
        requests.get(server.url + "/api/products/", timeout=30)  # the first answer: the app is loaded
        runs.append(load.sweep(server, path="/api/products/", framework=framework,
                               concurrency_levels=CONCURRENCY_LEVELS,
                               requests=REQUESTS_PER_LEVEL, duration=SECONDS_PER_LEVEL))
results = pd.concat(runs, ignore_index=True)
'''

# measure, by hand: a thread pool per level, bounded in requests and in time.
MEASURE_BY_HAND = '''import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def measure(url, concurrency):
    """Load url from `concurrency` threads, bounded by REQUESTS_PER_LEVEL and SECONDS_PER_LEVEL."""
    requests.get(url, timeout=10)  # warm up
    deadline = time.monotonic() + SECONDS_PER_LEVEL
    latencies = []

    def client(count):
        with requests.Session() as session:
            for _ in range(count):
                if time.monotonic() > deadline:
                    return
                start = time.perf_counter()
                if session.get(url, timeout=5).ok:
                    latencies.append((time.perf_counter() - start) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(client, [REQUESTS_PER_LEVEL // concurrency] * concurrency))
    elapsed = time.perf_counter() - started
    return {"concurrency": concurrency, "requests_per_s": len(latencies) / elapsed,
            "p50_ms": float(np.percentile(latencies, 50)), "p99_ms": float(np.percentile(latencies, 99))}


rows = []
for framework, target in [("Flask", "scaling_flask:app"), ("Django", "scaling_django:application")]:
    with start_process_server(target, server="gunicorn", workers=2, pythonpath=[APP_FOLDER]) as server:
        for level in CONCURRENCY_LEVELS:
            rows.append({"framework": framework, **measure(server.url + "/api/products/", level)})
results = pd.DataFrame(rows)
'''

# plot: throughput against concurrency, one line per framework, axes labelled.
PLOT_THROUGHPUT = '''fig, ax = plt.subplots()
for framework, rows in results.groupby("framework"):
    ax.plot(rows["concurrency"], rows["requests_per_s"], marker="o", label=framework)
ax.set_xlabel("concurrency")
ax.set_ylabel("requests per second")
ax.legend()
'''

# results typed in by hand: numbers no app of this machine's measured
TYPED_TABLE = '''
results = pd.DataFrame({
    "framework": ["Flask"] * 3 + ["Django"] * 3,
    "concurrency": [1, 2, 4] * 2,
    "requests_per_s": [90000.0, 160000.0, 250000.0, 70000.0, 120000.0, 180000.0],
    "p50_ms": [0.2, 0.3, 0.4, 0.3, 0.4, 0.5],
    "p99_ms": [0.9, 1.1, 1.6, 1.2, 1.4, 2.0],
})
'''

SCALING = {"flask_app_file": FLASK_APP_FILE, "django_app_file": DJANGO_APP_FILE, "measure": MEASURE_SWEEP,
           "plot": PLOT_THROUGHPUT}
