"""Correct answers to 03-scaling's cells: the two app files, a load sweep, and a throughput plot.

``SCALING`` holds the solution's four answer cells (the interpretation, graded by
hand, is left out); ``MEASURE_BY_HAND`` is a measure cell in another style, threads
and numpy instead of ``load.sweep``, with the same columns.
"""

from sample_answers import solution_answers

SCALING = solution_answers("03-scaling")  # its code cells: the interpretation (markdown) is graded by hand
FLASK_APP_FILE = SCALING["flask_app_file"]  # the catalogue as a bare JSON array
DJANGO_APP_FILE = SCALING["django_app_file"]  # the same JSON array from a one-file Django project
MEASURE_SWEEP = SCALING["measure"]  # both apps under gunicorn, swept by the course's load helper
PLOT_THROUGHPUT = SCALING["plot"]  # throughput against concurrency, one line per framework, axes labelled

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
