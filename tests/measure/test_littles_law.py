"""apilab.measure.littles_law: the prediction, and the table that sets measurements beside it."""

import pandas as pd
import pytest

from apilab.measure.littles_law import littles_law_table, predicted_throughput


def test_the_prediction_is_requests_in_service_over_latency():
    assert predicted_throughput(1, 100) == pytest.approx(10.0)
    assert predicted_throughput(4, 50) == pytest.approx(80.0)


@pytest.mark.parametrize("in_service, latency", [(0, 100), (2, 0), (2, -1), (1.5, 100)])
def test_bad_arguments_are_refused(in_service, latency):
    with pytest.raises(ValueError):
        predicted_throughput(in_service, latency)


def test_the_table_compares_each_count_and_caps_at_the_concurrency():
    rows = pd.DataFrame({"workers": [1, 1, 2, 2, 32], "requests_per_s": [9.0, 11.0, 19.0, 19.0, 100.0],
                         "p50_ms": [101.0, 99.0, 102.0, 100.0, 150.0]})
    table = littles_law_table(rows, by="workers", latency_ms=100, concurrency=16)
    assert table["predicted req/s"].tolist() == [10.0, 20.0, 160.0]
    assert table["measured / predicted"].round(3).tolist() == [1.0, 0.95, 0.625]
    assert table["within 25 %"].tolist() == [True, True, False]


def test_the_table_needs_its_columns():
    with pytest.raises(ValueError, match="lack the columns"):
        littles_law_table(pd.DataFrame({"workers": [1]}), by="workers", latency_ms=100, concurrency=4)


def test_the_spread_table_shows_each_count_with_its_rounds_and_reads_the_law_backwards():
    from apilab.measure.littles_law import littles_law_spread

    rows = pd.DataFrame({"workers": [1, 1, 1, 4, 4, 4], "requests_per_s": [48.0, 50.0, 40.0, 190.0, 140.0, 199.0],
                         "requests": [100, 100, 100, 120, 100, 100],
                         "p50_ms": [160.0, 161.0, 170.0, 40.0, 45.0, 41.0],
                         "p90_ms": [165.0, 166.0, 180.0, 42.0, 50.0, 43.0],
                         "p99_ms": [170.0, 170.0, 190.0, 45.0, 60.0, 45.0]})
    table = littles_law_spread(rows, by="workers", latency_ms=20, concurrency=8)
    assert table.loc[1, "predicted req/s"] == 50.0 and table.loc[4, "predicted req/s"] == 200.0
    one = table.loc[1]
    assert (one["measured req/s median"], one["lowest"], one["highest"]) == (48.0, 40.0, 50.0)
    # Backwards from the measured median: 1 in service / 48 req/s, 8 clients / 48 req/s.
    assert table.loc[1, "time in service ms"] == pytest.approx(1000 / 48)
    assert table.loc[1, "time in system ms"] == pytest.approx(8000 / 48)
    assert table.loc[4, "time in service ms"] == pytest.approx(4000 / 190)
    assert table.loc[1, "every run within 25 %"] and not table.loc[4, "every run within 25 %"]  # 140 < 0.75 x 200
    assert table.loc[4, "p90 ms median"] == 43.0 and "p99 ms median" not in table.columns  # 100 requests: no p99
