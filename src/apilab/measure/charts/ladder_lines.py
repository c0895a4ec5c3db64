"""Figure: lines of code per rung of the abstraction ladder (lesson Up-The-Abstraction-Ladder).

``ladder_lines_chart(table)`` takes the table ``Ladder.table()`` makes (columns ``framework``,
``style`` and ``lines``, one row per rung in the order they were climbed) and draws one horizontal
bar per rung, in its framework's colour, with its count of lines at the end of the bar. A rung whose
``contract`` cell (``"38/40 passed"``, when the table has that column) says a check failed is hatched
and its label says so. The text alternative names each rung's count and each framework's trend.
"""

from __future__ import annotations

import re

import pandas as pd

from apilab.measure.charts import Chart, framework_colour, new_figure

COLUMNS = ["framework", "style", "lines"]


def _checked(table) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame) or table.empty or not set(COLUMNS) <= set(table.columns):
        got = list(table.columns) if isinstance(table, pd.DataFrame) else type(table).__name__
        raise ValueError(f"ladder_lines_chart needs a non-empty DataFrame with the columns {COLUMNS} "
                         f"(ladder.table() makes one), got {got}")
    lines = pd.to_numeric(table["lines"], errors="coerce")
    if lines.isna().any() or pd.api.types.is_bool_dtype(table["lines"]) or (lines < 0).any():
        raise ValueError("ladder_lines_chart needs a count of lines (a number, 0 or more) in every row")
    return table.assign(lines=lines).reset_index(drop=True)


def _contract_failures(table: pd.DataFrame) -> list[str]:
    """Per rung: "" when it passed the whole contract (or the table does not say), else what it passed, "38/40"."""
    if "contract" not in table.columns:
        return [""] * len(table)
    marks = []
    for cell in table["contract"]:
        found = re.match(r"\s*(\d+)\s*/\s*(\d+)", str(cell))
        marks.append("" if found is None or found[1] == found[2] else f"{found[1]}/{found[2]}")
    return marks


def _trends(table: pd.DataFrame) -> str:
    """Each framework's change from its first rung to its last, in words."""
    sentences = []
    for framework, rows in table.groupby("framework", sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        if len(rows) < 2:
            continue
        change = last["lines"] - first["lines"]
        if change == 0:
            sentences.append(f"{framework} stays at {first['lines']:.0f} lines from {first['style']} "
                             f"to {last['style']}")
            continue
        sentences.append(f"{framework} {'falls' if change < 0 else 'rises'} from {first['lines']:.0f} lines "
                         f"({first['style']}) to {last['lines']:.0f} ({last['style']})")
    return ("; ".join(sentences) + ". ") if sentences else ""


def ladder_lines_chart(table: pd.DataFrame) -> Chart:
    """One bar per rung of ``table``: its lines of code, in its framework's colour, the first rung at the top."""
    table = _checked(table)
    labels = [f"{row.framework}: {row.style}" for row in table.itertuples()]
    failures = _contract_failures(table)
    positions = list(range(len(table)))[::-1]
    figure = new_figure(8.0, 0.45 * len(table) + 1.6)
    axes = figure.add_subplot()
    bars = axes.barh(positions, table["lines"], color=[framework_colour(name) for name in table["framework"]],
                     edgecolor="black", linewidth=0.4)
    for bar, failure in zip(bars, failures, strict=True):
        if failure:
            bar.set_hatch("///")
    axes.bar_label(bars, labels=[f"{count:.0f}" + (f" (contract: {failure} passed)" if failure else "")
                                 for count, failure in zip(table["lines"], failures, strict=True)],
                   padding=3, fontsize=9)
    axes.set_yticks(positions, labels)
    axes.set_ylabel("rung (framework: style)")
    axes.set_xlabel("lines of code (blank lines, comments and docstrings not counted)")
    axes.set_title("Lines of code per rung of the abstraction ladder")
    axes.margins(x=0.12 if not any(failures) else 0.35)
    axes.grid(True, axis="x", alpha=0.3)
    failed = [f"{label} ({failure})" for label, failure in zip(labels, failures, strict=True) if failure]
    alt = ("Horizontal bar chart of the lines of code of each rung of the abstraction ladder: "
           + "; ".join(f"{label} {count:.0f}" for label, count in zip(labels, table["lines"], strict=True)) + ". "
           + _trends(table)
           + ("Rungs that failed contract checks (hatched): " + ", ".join(failed) + "." if failed
              else "Every rung passed the contract." if "contract" in table.columns else "")).strip()
    return Chart(figure, alt)
