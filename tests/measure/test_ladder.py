"""apilab.measure.ladder: rung costs and named ratios from side-by-side rows (arithmetic, not speed)."""

import pandas as pd
import pytest

from apilab.measure.bench_servers import FRAMEWORKS
from apilab.measure.ladder import LAYERS, RATIOS, RUNGS, ladder_costs, ladder_ratios, rung_table

# req/s of each rung, two rounds each (means: wsgi 4000, flask 2000, django-sql 1600, ...).
RATES = {"wsgi": (3900, 4100), "flask": (1900, 2100), "django-sql": (1500, 1700),
         "flask-sqlalchemy": (1000, 1000), "django": (800, 800), "flask-marshmallow": (800, 800),
         "drf": (400, 400)}


def rows():
    return pd.DataFrame([{"framework": rung, "run": run, "concurrency": 8, "requests_per_s": rate}
                         for rung, rates in RATES.items() for run, rate in enumerate(rates)])


def test_every_rung_is_a_benchmark_app():
    assert set(RUNGS) <= set(FRAMEWORKS)
    assert {rung for _, _, upper, lower in LAYERS for rung in (upper, lower)} == set(RUNGS)


def test_a_layer_costs_the_difference_between_its_rungs_in_microseconds():
    costs = ladder_costs(rows()).set_index(["framework", "layer"])["µs per request"]
    assert costs["Flask", "routing, request and response"] == pytest.approx(1e6 / 2000 - 1e6 / 4000)   # 250
    assert costs["Django", "ORM (Django's)"] == pytest.approx(1e6 / 800 - 1e6 / 1600)                   # 625
    # The layers of one framework add up to its top rung's distance from bare WSGI.
    flask = ladder_costs(rows()).query("framework == 'Flask'")["µs per request"].sum()
    assert flask == pytest.approx(1e6 / 800 - 1e6 / 4000)


def test_every_ratio_names_its_two_rungs():
    ratios = ladder_ratios(rows())
    assert len(ratios) == len(RATIOS)
    first = ratios.iloc[0]
    assert first.ratio == "Flask + raw SQL / Django + raw SQL" and first.value == pytest.approx(2000 / 1600)
    assert ratios.iloc[-1].ratio == "Flask + raw SQL / Django ORM + DRF serializer (ListAPIView)"
    assert ratios.iloc[-1].value == pytest.approx(5.0)


def test_missing_rungs_are_a_clear_error():
    with pytest.raises(ValueError, match="lack the rungs"):
        ladder_ratios(rows().query("framework != 'drf'"))
    with pytest.raises(ValueError, match="lack the rungs"):
        rung_table(rows().query("framework != 'wsgi'"))
    assert list(rung_table(rows()).rung) == list(RUNGS)
