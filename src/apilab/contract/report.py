"""The result of running the contract checks: a report to show, grade and compare.

A ``ContractReport`` holds one ``CheckResult`` per check. Lessons show it as
a table, graders call ``assert_groups`` (which fails with the readable
one-line messages), and ``compare_reports`` puts several reports side by side.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# pandas is imported where a table is made, not with the checks: a process that only runs
# the checks, or serves an answer beside them (the grader's verification), starts without it.


@dataclass(frozen=True)
class CheckResult:
    """One check: its group, its readable name, whether it passed, and why not."""

    group: str
    check: str
    passed: bool
    message: str = ""
    cause: str = ""  # a few words naming what went wrong, shared by the failures it explains ('' if unknown)

    def line(self) -> str:
        """The failure as one line: '[group] check: message'."""
        return f"[{self.group}] {self.check}: {self.message}"

    @property
    def key(self) -> tuple[str, str]:
        return self.group, self.check


def per_check(results: list[CheckResult]) -> list[CheckResult]:
    """One result per check, in order: a check run with several sets of values passes only if every run did.

    Every count the course shows (a test cell, its summary, Validate, the feedback, the class report) and
    every score counts checks this way, so a check is one check however many times it ran.
    """
    merged: dict[tuple[str, str], CheckResult] = {}
    for result in results:
        kept = merged.get(result.key)
        if kept is None or (kept.passed and not result.passed):
            merged[result.key] = result
    return list(merged.values())


def failures_by_cause(results: list[CheckResult]) -> list[tuple[str, list[CheckResult]]]:
    """The failed checks grouped by what caused them, in order of first appearance.

    A failure with a known ``cause`` joins the others with the same cause; one without is its own group,
    headed by its check's name.
    """
    groups: dict[str, list[CheckResult]] = {}
    for result in per_check(results):
        if not result.passed:
            groups.setdefault(result.cause or f"[{result.group}] {result.check}", []).append(result)
    return list(groups.items())


class ContractReport:
    """The checks run against one API, with their results in order."""

    def __init__(self, title: str, results: list[CheckResult], groups: tuple[str, ...]):
        self.title = title
        self.results = list(results)
        self.groups = tuple(groups)

    def __add__(self, other: ContractReport) -> ContractReport:
        """One report of both reports' checks (e.g. a server's checks + check_fresh_stores on its factory)."""
        if not isinstance(other, ContractReport):
            return NotImplemented
        groups = self.groups + tuple(group for group in other.groups if group not in self.groups)
        return ContractReport(f"{self.title}, and {other.title[:1].lower()}{other.title[1:]}",
                              self.results + other.results, groups)

    @property
    def passed(self) -> bool:
        """True when every check passed (and there was at least one)."""
        return bool(self.results) and all(result.passed for result in self.results)

    @property
    def failures(self) -> list[str]:
        """One readable line per failed check."""
        return [result.line() for result in self.results if not result.passed]

    def _known(self, group: str) -> str:
        if group not in self.groups:
            raise ValueError(f"this report has no group {group!r}; its groups are {', '.join(self.groups)}")
        return group

    def group_passed(self, group: str) -> bool:
        """True when every check of ``group`` passed."""
        self._known(group)
        results = [result for result in self.results if result.group == group]
        return bool(results) and all(result.passed for result in results)

    def assert_groups(self, *groups: str) -> None:
        """Raise AssertionError listing the failed checks of ``groups`` (all groups when none given)."""
        wanted = [self._known(group) for group in groups] or list(self.groups)
        failed = [result.line() for result in self.results if result.group in wanted and not result.passed]
        if failed:
            count = f"{len(failed)} check{'s' if len(failed) > 1 else ''}"
            raise AssertionError(f"{count} of the Products API contract failed:\n" + "\n".join(failed))

    def table(self) -> pd.DataFrame:
        """Every check as a row: group, check, passed, message."""
        import pandas as pd

        rows = [(r.group, r.check, r.passed, r.message) for r in self.results]
        return pd.DataFrame(rows, columns=["group", "check", "passed", "message"])

    def summary(self) -> pd.DataFrame:
        """One row per group: how many of its checks passed."""
        import pandas as pd

        rows = []
        for group in self.groups:
            results = [result for result in self.results if result.group == group]
            rows.append((group, sum(result.passed for result in results), len(results)))
        return pd.DataFrame(rows, columns=["group", "passed", "checks"])

    def __repr__(self) -> str:
        done = sum(result.passed for result in self.results)
        text = f"<ContractReport {self.title}: {done}/{len(self.results)} checks passed"
        failing = [group for group in self.groups if not self.group_passed(group)]
        return text + (f"; failing groups: {', '.join(failing)}>" if failing else ">")

    def _repr_html_(self) -> str:
        done = sum(result.passed for result in self.results)
        parts = [f"<p><b>{html.escape(self.title)}</b>: {done} of {len(self.results)} checks passed.</p>"]
        summary = self.summary()
        summary["passed"] = [
            f"{'✅' if passed == checks and checks else '❌'} {passed}/{checks}"
            for passed, checks in zip(summary["passed"], summary["checks"])
        ]
        parts.append(summary.drop(columns="checks").to_html(index=False))
        if self.failures:
            items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in self.failures)
            parts.append(f"<p>Failed checks:</p><ul>{items}</ul>")
        return "\n".join(parts)


def compare_reports(reports: dict[str, ContractReport]) -> pd.DataFrame:
    """Put reports side by side: one row per check, one True/False column per report, and 'same'."""
    import pandas as pd

    if not isinstance(reports, dict) or not reports:
        raise TypeError("compare_reports() needs a dict like {'Flask': report1, 'Django': report2}")
    for name, report in reports.items():
        if not isinstance(report, ContractReport):
            raise TypeError(f"compare_reports(): {name!r} is a {type(report).__name__}, not a ContractReport")
    keys: list[tuple[str, str]] = []
    for report in reports.values():
        keys += [(r.group, r.check) for r in report.results if (r.group, r.check) not in keys]
    columns = {}
    for name, report in reports.items():
        outcome = {(r.group, r.check): r.passed for r in report.results}
        columns[name] = [outcome.get(key) for key in keys]
    table = pd.DataFrame(columns, index=pd.MultiIndex.from_tuples(keys, names=["group", "check"]))
    table["same"] = table.apply(lambda row: len(set(row)) == 1, axis=1)
    return table.reset_index()
