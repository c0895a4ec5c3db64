"""The Real-API-Features lesson's rate limits, versions and observability show what its text says they do."""

from __future__ import annotations

import ast
import json
import re

import pytest
from lesson_outputs import displayed_text, lesson_named
from prometheus_client.parser import text_string_to_metric_families

LESSON = lesson_named("Real-API-Features")
NEW_ID = re.compile(r"[0-9a-f]{32}")


def cells_by_id(run) -> dict:
    assert run.error is None, f"{LESSON} stopped with an error:\n{run.error}"
    return {cell.get("id"): cell for cell in run.notebook.cells}


def printed(cell) -> str:
    """What a code cell printed to stdout."""
    return "".join(output.text for output in cell.get("outputs", [])
                   if output.output_type == "stream" and output.name == "stdout")


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_both_limits_answer_a_burst_with_429_retry_after_and_json(lesson, lesson_runs):
    cells = cells_by_id(lesson_runs.result(lesson))
    drf = ast.literal_eval(displayed_text(cells["features-rate-01"]))
    flask = ast.literal_eval(displayed_text(cells["features-rate-03"]))
    for burst in (drf, flask):
        assert burst["statuses"] == [200, 200, 200, 429, 429], burst
        assert 0 < int(burst["Retry-After"]) <= 60 and burst["body"]["detail"], burst
    assert drf["counts kept in"] == "LocMemCache" and flask["counts kept in"] == "MemoryStorage"
    # The comparison says DRF sends no rate headers on a 200, Flask-Limiter X-RateLimit-* and a Retry-After.
    text = " ".join(cells["features-rate-06"].source.split())
    assert "DRF sends `Retry-After` on the `429` only" in text and "a `Retry-After` too" in text
    assert drf["rate headers on a 200"] == []
    assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "Retry-After"} <= set(flask["rate headers on a 200"])


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_both_builds_serve_v1_and_v2_at_once_and_refuse_v3_in_json(lesson, lesson_runs):
    cells = cells_by_id(lesson_runs.result(lesson))
    drf = ast.literal_eval(displayed_text(cells["features-version-01"]))
    flask = ast.literal_eval(displayed_text(cells["features-version-03"]))
    for versions in (drf, flask):
        v1, v2 = versions["v1"], versions["v2"]
        assert set(v1) == {"id", "name", "price_cents", "in_stock"} and set(v2) == {"id", "name", "price", "in_stock"}
        assert v1["name"] == v2["name"] and v2["price"] == {
            "amount": f"{v1['price_cents'] // 100}.{v1['price_cents'] % 100:02d}", "currency": "EUR"}
    assert {key: value for key, value in drf["v2"].items() if key != "id"} == {
        key: value for key, value in flask["v2"].items() if key != "id"}
    refused = ast.literal_eval(displayed_text(cells["features-version-05"]))
    assert [status for status, _ in refused.values()] == [404, 404]
    assert all(body["detail"] for _, body in refused.values())


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_request_ids_are_echoed_and_on_every_log_line(lesson, lesson_runs):
    cells = cells_by_id(lesson_runs.result(lesson))
    answered = ast.literal_eval(displayed_text(cells["features-observe-05"]))
    made = []
    for build, answers in answered.items():
        assert [status for _, _, status, _ in answers] == [200, 200, 404, 400], build
        assert answers[0][3] == "lesson-list-1", build
        made += [request_id for _, _, _, request_id in answers[1:]]
    assert all(NEW_ID.fullmatch(request_id) for request_id in made) and len(set(made)) == len(made)
    raw = [json.loads(line) for line in printed(cells["features-observe-07"]).splitlines()]
    assert len(raw) == 2 and all({"time", "level", "logger", "message", "request_id"} <= set(line) for line in raw)
    assert raw[0]["request_id"] == "lesson-list-1" and raw[0]["message"] == "request started"
    table = displayed_text(cells["features-observe-07"])
    # "Two lines per request": eight requests, the id sent with two of them (one per build).
    assert table.count("request started") == table.count("request finished") == 8
    assert table.count("lesson-list-1") == 4
    for request_id in made:
        assert table.count(request_id) == 2, request_id


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_each_build_counted_its_four_requests_once_by_route_and_status(lesson, lesson_runs):
    cells = cells_by_id(lesson_runs.result(lesson))
    blocks = re.split(r"^(Flask|DRF):$", printed(cells["features-observe-09"]), flags=re.MULTILINE)[1:]
    counted = {}
    for build, text in zip(blocks[::2], blocks[1::2], strict=True):
        samples = [sample for family in text_string_to_metric_families(text) for sample in family.samples]
        counted[build] = sorted((sample.labels["method"], sample.labels["status"], sample.value)
                                for sample in samples)
    expected = [("GET", "200", 1.0), ("GET", "200", 1.0), ("GET", "404", 1.0), ("POST", "400", 1.0)]
    assert counted == {"Flask": expected, "DRF": expected}


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_lazily_each_product_adds_a_query_and_the_fix_keeps_the_count_flat(lesson, lesson_runs):
    cells = cells_by_id(lesson_runs.result(lesson))
    (alt,) = [output["metadata"]["image/png"]["alt"] for output in cells["l09-queries-chart"].outputs
              if "image/png" in output.get("data", {})]
    sizes = [int(size) for size in re.search(r"by page size \(([\d, ]+)\)", alt).group(1).split(", ")]
    lines = {name: [int(count) for count in counts.split(", ")]
             for name, counts in re.findall(r"(\w+, [\w ]+): ([\d, ]+\d)", alt)}
    assert sizes == [1, 3, 6, 12] and len(lines) == 4, alt
    for framework, fix in (("DRF", "prefetch_related"), ("Flask", "selectinload")):
        lazy, fixed = lines[f"{framework}, lazy loading"], lines[f"{framework}, {fix}"]
        # "each product on the page adds a query": the count, the page, and one per product
        assert [count - size for count, size in zip(lazy, sizes, strict=True)] == [2] * len(sizes), (framework, lazy)
        # "the same whatever the page size: the count, the page, and one query for all their reviews"
        assert fixed == [3] * len(sizes), (framework, fixed)
    table = displayed_text(cells["l09-queries-table"])
    assert all(str(count) in table for counts in lines.values() for count in counts)
