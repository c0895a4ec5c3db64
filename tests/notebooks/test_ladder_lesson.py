"""Every rung of the Up-The-Abstraction-Ladder lesson passes the whole contract; its figure draws its table.

The lesson runs once per session (the shared lesson runs of conftest.py); this
reads the contract report each rung's cell displayed.
"""

from __future__ import annotations

import re

import pytest
from lesson_outputs import contract_problem, displayed_text, lesson_named

LESSON = lesson_named("Up-The-Abstraction-Ladder")
RUNGS = ["drf-function-views", "drf-apiview", "drf-mixins", "drf-generics", "drf-viewset",
         "flask-function-views", "flask-methodview", "flask-smorest"]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_every_rung_of_the_ladder_passes_the_contract(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, f"{lesson} stopped with an error:\n{run.error}"
    cells = {cell.get("id"): cell for cell in run.notebook.cells}
    problems = [f"{rung}: " + (contract_problem(cells[f"ladder-rung-{rung}"], "A") or "")
                if f"ladder-rung-{rung}" in cells else f"no cell ladder-rung-{rung}" for rung in RUNGS]
    problems = [problem for problem in problems if not problem.endswith(": ")]
    assert not problems, "; ".join(problems)
    table = displayed_text(cells["ladder-table"])
    assert table.count(" passed") == len(RUNGS), table


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_the_figure_shows_each_rungs_lines_as_the_table_counts_them(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, f"{lesson} stopped with an error:\n{run.error}"
    cells = {cell.get("id"): cell for cell in run.notebook.cells}
    outputs = cells["ladder-lines-chart"].get("outputs", [])
    (shown,) = [output for output in outputs if "image/png" in output.get("data", {})]
    alt = shown["metadata"]["image/png"]["alt"]
    drawn = re.findall(r"(DRF|Flask): ([^;.]+?) (\d+)[;.]", alt)
    assert len(drawn) == len(RUNGS), alt
    table = displayed_text(cells["ladder-table"]).splitlines()
    for framework, style, lines in drawn:       # each bar's count is the count on its row of the table
        assert any(re.search(rf"\b{framework}\s+{re.escape(style)}\s+{lines}\s", row) for row in table), (style, table)
