"""Every rung of the Up-The-Abstraction-Ladder lesson passes the whole Products API contract.

The lesson runs once per session (the shared lesson runs of conftest.py); this
reads the contract report each rung's cell displayed.
"""

from __future__ import annotations

import re

import pytest

LESSON = "05-Up-The-Abstraction-Ladder.ipynb"
RUNGS = ["drf-function-views", "drf-apiview", "drf-mixins", "drf-generics", "drf-viewset",
         "flask-function-views", "flask-methodview", "flask-smorest"]
REPORT = re.compile(r"<ContractReport Products API contract, part A, at \S+: (\d+)/(\d+) checks passed(.*)>")


def displayed_text(cell) -> str:
    return "".join(output.get("data", {}).get("text/plain", "") for output in cell.get("outputs", [])
                   if output.output_type == "execute_result")


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_every_rung_of_the_ladder_passes_the_contract(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, f"{lesson} stopped with an error:\n{run.error}"
    cells = {cell.get("id"): cell for cell in run.notebook.cells}
    problems = []
    for rung in RUNGS:
        cell = cells.get(f"ladder-rung-{rung}")
        if cell is None:
            problems.append(f"no cell ladder-rung-{rung}")
            continue
        shown = REPORT.search(displayed_text(cell))
        if not shown:
            problems.append(f"{rung}: no contract report shown ({displayed_text(cell)[:200]!r})")
        elif shown.group(1) != shown.group(2) or shown.group(3) or int(shown.group(2)) < 40:
            problems.append(f"{rung}: {shown.group(0)}")
    assert not problems, "; ".join(problems)
    table = displayed_text(cells["ladder-table"])
    assert table.count("passed") == len(RUNGS) and "/" in table, table
