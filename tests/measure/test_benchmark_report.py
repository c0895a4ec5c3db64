"""The committed benchmark report says what its committed data say, and names the rungs of every ratio.

benchmarks/report.py writes report.md beside the raw rows (ladder.csv,
littles_law.csv); these tests recompute the report's ladder ratios and
Little's law table from those rows and compare them with the text. They check
consistency, not speed: no number is asserted to be large or small.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from course_paths import REPO_ROOT

from apilab.measure.bench_ladder import RUNGS, ladder_ratios

RESULTS = REPO_ROOT / "benchmarks" / "results"


def section(title: str) -> str:
    text = (RESULTS / "report.md").read_text(encoding="utf-8")
    start = text.index(title)
    following = text.find("\n## ", start + len(title))
    return text[start:following if following != -1 else None]


def markdown_rows(text: str, first_header: str) -> list[list[str]]:
    """The body rows of the first Markdown table in ``text`` whose first header is ``first_header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def number(cell: str) -> float:
    return float(cell.replace(",", ""))


def test_every_ladder_ratio_names_two_rungs_and_matches_the_rows():
    rows = markdown_rows(section("## The ladder"), "compares")
    recomputed = ladder_ratios(pd.read_csv(RESULTS / "ladder.csv"))
    assert len(rows) == len(recomputed) >= 3
    names = sorted(RUNGS.values(), key=len, reverse=True)
    for (compares, ratio, value, lowest, highest, rounds, reading), expected in zip(rows, recomputed.itertuples()):
        upper, lower = ratio.split(" / ")
        assert upper in names and lower in names, ratio
        assert (compares, ratio, reading) == (expected.compares, expected.ratio, expected.reading)
        for shown, computed in ((value, expected.value), (lowest, expected.lowest), (highest, expected.highest)):
            assert number(shown) == pytest.approx(round(computed, 2), abs=0.005)
        assert int(rounds) == expected.rounds


def test_the_report_was_measured_on_a_quiet_machine_and_says_so():
    """Absolute numbers and even ratios move with other load: the committed report starts below 2.5."""
    start = re.search(r"Load average \(1 min\) (\d+\.\d\d) at the start", section("# Scaling lab"))
    assert start and float(start.group(1)) < 2.5, start and start.group(0)


def test_every_ratio_of_the_servers_section_comes_with_its_spread():
    body = [line for line in section("## Frameworks under each server").splitlines()
            if line.startswith("| ") and not line.startswith("| server")]
    cells = [cell.strip() for line in body for cell in line.strip("|").split("|") if " / " not in cell]
    ratios = [cell for cell in cells if re.fullmatch(r"[\d.,]+ \([\d.,]+–[\d.,]+\)", cell)]
    assert body and len(ratios) == 4 * len(body), body[:2]
    for cell in ratios:
        median, lowest, highest = map(number, re.findall(r"[\d.,]+", cell))
        assert lowest <= median <= highest, cell


def test_the_servers_section_names_its_rungs_in_every_ratio_header():
    headers = [line for line in section("## Frameworks under each server").splitlines()
               if line.startswith("| server |")]
    assert headers
    for header in headers:
        for name in header.strip("|").split("|")[1:]:
            name = name.strip()
            if " / " in name:
                upper, lower = name.split(" / ")
                assert upper in RUNGS.values() and lower in RUNGS.values(), name


def test_littles_law_table_matches_its_rows_and_states_the_target_and_load():
    text = section("## Scaling")
    rows = markdown_rows(text, "scaled by")
    table = pd.read_csv(RESULTS / "littles_law.csv")
    assert len(rows) == len(table) and set(table["scaled by"]) == {"workers", "instances"}
    for row, expected in zip(rows, table.itertuples()):
        assert (row[0], int(row[1])) == (expected[1], expected.count)
        assert number(row[3]) == pytest.approx(round(expected._4, 2), abs=0.005)  # predicted
        assert number(row[4]) == pytest.approx(round(expected._5, 2), abs=0.005)  # measured
    worst = (table["measured / predicted"] - 1).abs().max()
    assert f"worst here {worst:.0%}" in text
    assert "within 25 %" in text and re.search(r"load average \d+\.\d\d", text)


def test_the_decision_guide_reads_the_same_like_for_like_ratio_as_the_report():
    from apilab.lessons.decision_guide import benchmark_evidence

    ratios = ladder_ratios(pd.read_csv(RESULTS / "ladder.csv")).set_index("compares")
    evidence = benchmark_evidence(RESULTS / "ladder.csv")["flask_per_drf_throughput"]
    assert evidence == pytest.approx(ratios.loc["with ORM and serializer", "value"])
    assert ratios.loc["with ORM and serializer", "ratio"].startswith("Flask + SQLAlchemy + marshmallow / ")
