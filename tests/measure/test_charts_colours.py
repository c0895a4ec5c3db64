"""A framework has one colour in every figure of the course, and a Chart shows its alt text with its PNG."""

import base64

import matplotlib.colors as mcolors
import pandas as pd

from apilab.measure.charts import DJANGO_COLOUR, FLASK_COLOUR, OTHER_COLOUR, Chart, framework_colour, new_figure
from apilab.measure.plots import plot_throughput


def test_labels_map_to_their_framework_colour():
    assert framework_colour("Flask + SQLAlchemy") == framework_colour("flask (gunicorn)") == FLASK_COLOUR
    assert framework_colour("Django + DRF") == framework_colour("DRF viewset") == DJANGO_COLOUR
    assert framework_colour("raw SQL") == OTHER_COLOUR


def test_the_load_plots_draw_each_framework_in_its_colour():
    results = pd.DataFrame({"framework": ["Flask", "Flask", "Django", "Django"], "concurrency": [1, 4, 1, 4],
                            "requests_per_s": [100.0, 300.0, 80.0, 250.0]})
    fig = plot_throughput(results)
    colours = {container.get_label(): mcolors.to_hex(container.lines[0].get_color())
               for container in fig.axes[0].containers}
    assert colours == {"Django": DJANGO_COLOUR.lower(), "Flask": FLASK_COLOUR.lower()}


def test_a_chart_shows_as_a_png_carrying_its_alt_text():
    figure = new_figure()
    figure.subplots().bar(["a"], [1])
    data, metadata = Chart(figure, "Bar chart: a is 1")._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert metadata == {"image/png": {"alt": "Bar chart: a is 1"}} and data["text/plain"] == "Bar chart: a is 1"
