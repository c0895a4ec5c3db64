"""A correct submission that measures each level twice and averages, and draws two panels:
throughput with error bars (errorbar containers carry the labels) beside the 99th percentile."""

DESCRIPTION = "correct, different style: repeated runs averaged, two-panel figure with error bars"
EXPECTED_SCORE = 9.0
EXPECTED_FLAG = "needs manual grade"

FLASK = '''%%writefile {APP_FOLDER}/scaling_flask.py
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

DJANGO = '''%%writefile {APP_FOLDER}/scaling_django.py
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

MEASURE = '''runs = []
for framework, target in [("Flask 3", "scaling_flask:app"), ("Django 5", "scaling_django:application")]:
    with start_process_server(target, server="gunicorn", workers=2, pythonpath=[APP_FOLDER]) as server:
        requests.get(server.url + "/api/products/", timeout=30)  # the first answer: the app is loaded
        runs.append(load.sweep(server, path="/api/products/", framework=framework, repeat=2,
                               concurrency_levels=CONCURRENCY_LEVELS,
                               requests=REQUESTS_PER_LEVEL // 2, duration=SECONDS_PER_LEVEL / 2))
every_run = pd.concat(runs, ignore_index=True)
spread = every_run.groupby(["framework", "concurrency"])["requests_per_s"].std().fillna(0)
results = (every_run.groupby(["framework", "concurrency"], as_index=False)
           [["requests_per_s", "p50_ms", "p99_ms"]].mean())
'''

PLOT = '''fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), sharex=True)
for name in results["framework"].unique():
    rows = results[results["framework"] == name]
    left.errorbar(rows["concurrency"], rows["requests_per_s"],
                  yerr=spread.loc[name].to_numpy(), capsize=3, label=name)
    right.plot(rows["concurrency"], rows["p99_ms"], linestyle="--", label=name)
left.set(xlabel="concurrency", ylabel="requests/s", title="throughput")
right.set(xlabel="concurrency", ylabel="p99 latency (ms)", title="tail latency")
left.legend()
'''

ANSWERS = {
    "flask_app_file": FLASK,
    "django_app_file": DJANGO,
    "measure": MEASURE,
    "plot": PLOT,
    "interpretation": "Throughput rises up to two clients (two workers) and flattens after; p99 grows with the queue.",
}
