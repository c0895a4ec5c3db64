"""The table of the Up-The-Abstraction-Ladder lesson: each rung's contract result and lines of code.

The lesson builds the same Products API at rising levels of abstraction, checks
each build with the contract, and records it here in one line::

    ladder = Ladder()
    ladder.record("DRF", "function views", report, product_list, product_detail, function_view_urls)
    ladder.table()

``table()`` has one row per rung: the lines of code (counted from the live
functions and classes, as ``count_lines`` does), the lines that rung removed
compared with the rung below it in the same framework, and how many contract
checks passed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from apilab.contract.report import ContractReport
from apilab.lessons.code_size import count_lines


@dataclass(frozen=True)
class Rung:
    """One build of the Products API: its framework, its style, its size and its contract result."""

    framework: str
    style: str
    lines: int
    checks_passed: int
    checks: int


class Ladder:
    """The rungs recorded so far, in the order they were climbed (recording a rung again replaces it)."""

    def __init__(self) -> None:
        self.rungs: list[Rung] = []

    def record(self, framework: str, style: str, report: ContractReport, *code) -> Rung:
        """Record a rung: the contract ``report`` of its running server and the functions/classes it needed."""
        if not isinstance(report, ContractReport):
            raise TypeError(f"record() needs the report of run_checks(...) for {style!r}, "
                            f"got {type(report).__name__}")
        if not code:
            raise TypeError(f"record() needs the functions and classes of {style!r} to count their lines")
        done = sum(result.passed for result in report.results)
        rung = Rung(framework, style, count_lines(*code), done, len(report.results))
        self.rungs = [old for old in self.rungs if (old.framework, old.style) != (framework, style)] + [rung]
        return rung

    def table(self) -> pd.DataFrame:
        """One row per rung: framework, style, lines, lines removed by this rung, contract checks passed."""
        rows, previous = [], {}
        for rung in self.rungs:
            below = previous.get(rung.framework)
            rows.append({
                "framework": rung.framework,
                "style": rung.style,
                "lines": rung.lines,
                "lines removed": None if below is None else below - rung.lines,
                "contract": f"{rung.checks_passed}/{rung.checks} passed",
            })
            previous[rung.framework] = rung.lines
        table = pd.DataFrame(rows, columns=["framework", "style", "lines", "lines removed", "contract"])
        table["lines removed"] = table["lines removed"].astype("Int64")
        return table

    @property
    def all_passed(self) -> bool:
        """True when at least one rung is recorded and every rung passed every check."""
        return bool(self.rungs) and all(r.checks and r.checks_passed == r.checks for r in self.rungs)
