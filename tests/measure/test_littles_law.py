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
