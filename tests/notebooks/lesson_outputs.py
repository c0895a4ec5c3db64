"""Read what an executed lesson's cells displayed (shared by the tests of single lessons)."""

from __future__ import annotations

import re

from lesson_runs import lesson_paths

# What a ContractReport displays as text: "<ContractReport Products API contract, part A, at URL: 74/74 checks passed>".
CONTRACT_REPORT = re.compile(
    r"<ContractReport Products API contract, part (A|B), at \S+: (\d+)/(\d+) checks passed(.*)>")


def lesson_named(title_words: str) -> str:
    """The file name of the lesson whose title words are ``title_words`` (numbers change, titles do not)."""
    found = [path.name for path in lesson_paths() if path.name.endswith(f"-{title_words}.ipynb")]
    if len(found) != 1:
        raise LookupError(f"expected one lesson named NN-{title_words}.ipynb, found {found}")
    return found[0]


def displayed_text(cell) -> str:
    """The plain-text form of the value a code cell ended with ('' when it showed none)."""
    return "".join(output.get("data", {}).get("text/plain", "") for output in cell.get("outputs", [])
                   if output.output_type == "execute_result")


def contract_problem(cell, part: str, least_checks: int = 40) -> str | None:
    """None when the cell displayed a contract report of ``part`` with every check passed; else what it showed."""
    shown = CONTRACT_REPORT.search(displayed_text(cell))
    if not shown:
        return f"no contract report shown ({displayed_text(cell)[:200]!r})"
    shown_part, passed, checks, more = shown.groups()
    if shown_part != part or passed != checks or more or int(checks) < least_checks:
        return shown.group(0)
    return None
