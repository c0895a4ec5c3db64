"""apilab.measure.bench_ladder: rung costs and named ratios from side-by-side rows (arithmetic, not speed)."""

import pandas as pd
import pytest

from apilab.measure.bench_ladder import LAYERS, RATIOS, RUNGS, ladder_costs, ladder_ratios, read_ratio, rung_table
from apilab.measure.bench_servers import FRAMEWORKS

# req/s of each rung in three rounds; the middle round was hit by other load (everything halved, and
# more for wsgi), so per-round medians give: wsgi 4000, flask 2000, django-sql 1600, ...
RATES = {"wsgi": (4000, 1000, 4000), "flask": (2000, 1000, 2000), "django-sql": (1600, 800, 1600),
         "flask-sqlalchemy": (1000, 500, 1000), "django": (800, 400, 800), "flask-marshmallow": (800, 400, 800),
         "drf": (400, 200, 400)}


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
    assert first.rounds == 3
    assert ratios.iloc[-1].ratio == "Flask + raw SQL / Django ORM + DRF serializer (ListAPIView)"
    assert ratios.iloc[-1].value == pytest.approx(5.0)
    assert (first.lowest, first.highest) == (pytest.approx(1.25), pytest.approx(1.25))


def test_a_ratio_is_read_with_its_spread():
    assert read_ratio(1.2, 0.9, 1.6, "A", "B") == "tie (inside the spread or within 25 %)"
    assert read_ratio(1.5, 0.9, 1.8, "A", "B").startswith("tie")      # the rounds disagree
    assert read_ratio(1.5, 1.2, 1.8, "A", "B").startswith("tie")      # one round within 25 %
    assert read_ratio(1.5, 1.3, 1.8, "A", "B") == "A ahead in every round, ×1.50 (median)"
    assert read_ratio(0.5, 0.4, 0.6, "A", "B") == "B ahead in every round, ×2.00 (median)"


def test_missing_rungs_are_a_clear_error():
    with pytest.raises(ValueError, match="lack the rungs"):
        ladder_ratios(rows().query("framework != 'drf'"))
    with pytest.raises(ValueError, match="lack the rungs"):
        rung_table(rows().query("framework != 'wsgi'"))
    table = rung_table(rows()).set_index("rung")
    assert list(table.index) == list(RUNGS)
    assert (table.loc["wsgi", "req/s (median)"], table.loc["wsgi", "lowest"]) == (4000, 1000)
