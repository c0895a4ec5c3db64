"""Self-check cells of the lessons: feedback on a learner's practice answer, one short line per point.

A check prints what passed (✓), what did not (✗, with a hint) or, when the
answer is not there yet, "not done yet" with what to do; it never raises on a
learner's answer and never prints the model answer. It returns the number of
points that failed (0 when all passed, None when the answer is not there yet),
so a test can tell the three apart.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from apilab.lessons.code_size import count_lines

ERRORS_ROW = "errors in the contract's shapes"
TOTAL_ROW = "total"


def _report(results: list[tuple[bool, str, str]]) -> int:
    for passed, what, hint in results:
        print(f"✓ {what}" if passed else f"✗ {what}: {hint}")
    failed = sum(not passed for passed, _, _ in results)
    print("All checks passed." if not failed else f"{failed} of {len(results)} checks to fix.")
    return failed


def check_line_count(lines: pd.DataFrame, flask_errors: Callable) -> int | None:
    """Lesson Side-By-Side: the learner's error row and total row of the line-count table ``lines``."""
    if not isinstance(lines, pd.DataFrame) or ERRORS_ROW not in lines.index:
        print(f'not done yet: add the row "{ERRORS_ROW}" (and then "{TOTAL_ROW}") to `lines`, and run this again')
        return None
    flask_column, django_column = lines.columns[0], lines.columns[1]
    row = lines.loc[ERRORS_ROW]
    results = [
        (row[flask_column] == count_lines(flask_errors), f"the Flask build's error code ({flask_column})",
         f"you counted {row[flask_column]}; count the function that registers its error handlers"),
        (row[django_column] == 0, f"DRF's error code ({django_column})",
         f"you counted {row[django_column]}; which DRF code turns errors into the contract's shapes?"),
    ]
    if TOTAL_ROW not in lines.index:
        results.append((False, "the total row", f'add a "{TOTAL_ROW}" row: the sum of the rows above it'))
    else:
        parts = lines.drop(index=TOTAL_ROW)
        results.append((bool((lines.loc[TOTAL_ROW] == parts.sum()).all()), "the total row",
                        f"each column's total is the sum of its {len(parts)} other rows, the error row included"))
    return _report(results)
