"""Plots with pyplot's state machine and takes the figure with plt.gcf() in a new cell
below: by then the inline backend has closed the plotted figure, so fig is empty."""

DESCRIPTION = "wrong: fig = plt.gcf() in a later cell (an empty figure)"
EXPECTED_SCORE = 6.0

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
for framework, target in [("Flask", "scaling_flask:app"), ("Django", "scaling_django:application")]:
    with start_process_server(target, server="gunicorn", workers=2, pythonpath=[APP_FOLDER]) as server:
        requests.get(server.url + "/api/products/", timeout=30)  # the first answer: the app is loaded
        runs.append(load.sweep(server, path="/api/products/", framework=framework,
                               concurrency_levels=CONCURRENCY_LEVELS,
                               requests=REQUESTS_PER_LEVEL, duration=SECONDS_PER_LEVEL))
results = pd.concat(runs, ignore_index=True)
'''

PLOT = '''for framework, rows in results.groupby("framework"):
    plt.plot(rows["concurrency"], rows["requests_per_s"], marker="o", label=framework)
plt.xlabel("concurrency")
plt.ylabel("requests per second")
plt.legend()
'''

ANSWERS = {"flask_app_file": FLASK, "django_app_file": DJANGO, "measure": MEASURE, "plot": PLOT}


def edit(nb):
    """Add the cell that takes the figure after the plotting cell has run."""
    import nbformat

    index = next(i for i, cell in enumerate(nb.cells)
                 if cell.metadata.get("nbgrader", {}).get("grade_id") == "plot")
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell("fig = plt.gcf()"))
