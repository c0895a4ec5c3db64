"""The Scalability lesson's tables back its claims: every ratio named and spread, percentiles on enough requests.

The lesson runs once per session (the shared lesson runs of conftest.py);
these tests read the HTML tables its cells displayed.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from lesson_outputs import lesson_named

from apilab.measure.spread import MIN_REQUESTS, TIE_WITHIN

LESSON = lesson_named("Scalability")
RATIO_CELLS = ["scale-07", "l12-fast-speedup", "scale-16", "l12-pooling-ratios", "scale-25"]
SUMMARY_CELLS = ["scale-09-little", "scale-06", "scale-12", "scale-18", "scale-21", "scale-23-little", "l12-pooling"]


def html_table(cell) -> list[dict] | None:
    """The rows of the DataFrame a cell ended with (index levels included), or None when it showed none."""
    html = next((output["data"]["text/html"] for output in reversed(cell.get("outputs", []))
                 if "text/html" in output.get("data", {}) and "<table" in output["data"]["text/html"]), None)
    if html is None:
        return None
    table = BeautifulSoup(html, "html.parser").find_all("table")[-1]
    header_rows = table.find("thead").find_all("tr")
    names = [th.get_text(strip=True) for th in header_rows[0].find_all("th")]
    if len(header_rows) > 1:  # a named index: its names stand in the second header row
        index_names = [th.get_text(strip=True) for th in header_rows[1].find_all("th")]
        names = [index_names[i] if i < len(index_names) and not name else name for i, name in enumerate(names)]
    rows, spans = [], {}
    for tr in table.find("tbody").find_all("tr"):
        cells, column = [], 0
        for element in tr.find_all(["th", "td"]):
            while column in spans and spans[column][0] > 0:  # a value spanning rows from above
                cells.append(spans[column][1])
                spans[column] = (spans[column][0] - 1, spans[column][1])
                column += 1
            text = element.get_text(strip=True)
            if int(element.get("rowspan", 1)) > 1:
                spans[column] = (int(element["rowspan"]) - 1, text)
            cells.append(text)
            column += 1
        while column in spans and spans[column][0] > 0:
            cells.append(spans[column][1])
            spans[column] = (spans[column][0] - 1, spans[column][1])
            column += 1
        rows.append(dict(zip(names, cells)))
    return rows


def number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.fixture(scope="module")
def cells(lesson_runs):
    run = lesson_runs.result(LESSON)
    assert run.error is None, f"{LESSON} stopped with an error:\n{run.error}"
    return {cell.get("id"): cell for cell in run.notebook.cells}


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_every_ratio_names_what_it_compares_and_its_verdict_follows_its_spread(lesson, cells):
    shown = 0
    for cell_id in RATIO_CELLS:
        rows = html_table(cells[cell_id])
        assert rows is not None, f"{cell_id} showed no table"
        for row in rows:
            named = row.get("compares") or row.get("ratio")
            assert named and "÷" in named, (cell_id, row)
            lowest, highest = number(row["lowest round"]), number(row["highest round"])
            assert lowest <= number(row["ratio median"]) <= highest, (cell_id, row)
            assert int(row["rounds"]) >= 3, (cell_id, row)
            thresholds = (1 + TIE_WITHIN, 1 / (1 + TIE_WITHIN))
            if min(abs(value - limit) for value in (lowest, highest) for limit in thresholds) > 0.01:
                # (a value shown rounded right at a threshold could fall either way)
                real = lowest > thresholds[0] or highest < thresholds[1]
                assert row["verdict"].startswith("tie") != real, (cell_id, row)
            shown += 1
    assert shown >= 8


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_a_percentile_is_shown_only_where_every_run_held_enough_requests(lesson, cells):
    for cell_id in SUMMARY_CELLS:
        rows = html_table(cells[cell_id])
        if rows is None:
            continue  # a part skipped for a missing program says so in its own output
        for row in rows:
            fewest = int(number(row["fewest requests in a run"]))
            assert int(row["runs"]) >= 3, (cell_id, row)
            for column, least in MIN_REQUESTS.items():
                name = column.removesuffix("_ms")
                if f"{name} ms median" in row:
                    assert fewest >= least, (cell_id, name, row)
    # The raw rows of the waiting endpoint show a p50 and no other percentile; every run reached enough requests.
    raw = html_table(cells["scale-05"])
    assert raw and all(int(row["requests"]) >= MIN_REQUESTS["p50_ms"] for row in raw), raw
    assert "p50_ms" in raw[0] and "p90_ms" not in raw[0] and "p99_ms" not in raw[0], raw[0]
    assert all(int(row["errors"]) == 0 for row in raw), raw


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_pooling_is_one_connect_per_request_without_a_pool_and_none_with_one(lesson, cells):
    rows = html_table(cells["l12-pooling"])
    assert rows, "the pooling cell showed no table"
    connects = {row["setup"]: number(row["connects/request median"]) for row in rows}
    assert set(connects) == {"Flask + SQLAlchemy, QueuePool", "Flask + SQLAlchemy, NullPool",
                             "Django + Django ORM, CONN_MAX_AGE=60", "Django + Django ORM, CONN_MAX_AGE=0"}
    for setup, per_request in connects.items():
        expected = 1.0 if setup.endswith(("NullPool", "CONN_MAX_AGE=0")) else 0.0
        assert per_request == expected, connects
    # The database measured is PostgreSQL when the lesson could start one, sqlite when it said why not.
    said_missing = any("measuring against sqlite instead" in output.get("text", "")
                       for output in cells["l12-pooling-database"].get("outputs", []))
    assert {row["database"] for row in rows} == {"sqlite" if said_missing else "PostgreSQL"}


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_the_report_is_quoted_in_one_marked_cell_only(lesson, cells):
    quote = cells["l12-report-quote"]
    assert quote.cell_type == "markdown" and "benchmarks/results/report.md" in quote.source
    elsewhere = [cell_id for cell_id, cell in cells.items()
                 if cell_id != "l12-report-quote" and "report.md" in cell.source]
    assert elsewhere == []
    prose = " ".join(cell.source for cell in cells.values() if cell.cell_type == "markdown")
    assert "ratios hold" not in prose and "are what hold" not in prose


@pytest.mark.slow
def test_the_lesson_quotes_the_reports_ratios_from_its_committed_rows(lesson_runs):
    import pandas as pd
    from course_paths import REPO_ROOT

    from apilab.measure.bench_ladder import ladder_ratios

    run = lesson_runs.result(LESSON)
    assert run.error is None, run.error
    (quoted,) = [cell for cell in run.notebook.cells if cell.get("id") == "l12-report-ratios"]
    shown = "".join(output.get("data", {}).get("text/plain", "") for output in quoted.outputs)
    for row in ladder_ratios(pd.read_csv(REPO_ROOT / "benchmarks" / "results" / "ladder.csv")).itertuples():
        assert f"{row.value:.2f}" in shown and row.reading[:20] in shown, (row, shown)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_the_layer_costs_figure_and_table_come_from_the_committed_rows(lesson, cells):
    from apilab.measure.bench_ladder import ladder_costs, report_rows

    costs = ladder_costs(report_rows("ladder.csv"))
    shown = html_table(cells["l12-layer-costs"])
    assert shown and len(shown) == len(costs), shown
    for row, (_, expected) in zip(shown, costs.iterrows(), strict=True):
        assert (row["framework"], row["layer"]) == (expected["framework"], expected["layer"])
        for column in ("µs per request", "lowest", "highest"):
            assert number(row[column]) == round(expected[column]), (column, row)
    (alt,) = [output["metadata"]["image/png"]["alt"] for output in cells["l12-layer-costs-chart"].outputs
              if "image/png" in output.get("data", {})]
    for _, expected in costs.iterrows():
        assert f"{expected['framework']}: {expected['layer']} {expected['µs per request']:.0f} " in alt, alt
