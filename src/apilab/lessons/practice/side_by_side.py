"""Practice in the lesson Side-By-Side: the error row and the total of the line-count table."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from apilab.lessons.code_size import count_lines
from apilab.lessons.practice.feedback import not_done, point, report

ERRORS_ROW = "errors in the contract's shapes"
TOTAL_ROW = "total"


def check_line_count(lines: pd.DataFrame, flask_errors: Callable) -> int | None:
    """Lesson Side-By-Side: the learner's error row and total row of the line-count table ``lines``."""
    if not isinstance(lines, pd.DataFrame) or ERRORS_ROW not in lines.index:
        return not_done(f'add the row "{ERRORS_ROW}" (and then "{TOTAL_ROW}") to `lines`, and run this again')
    flask_column, django_column = lines.columns[0], lines.columns[1]
    row = lines.loc[ERRORS_ROW]
    results = [
        point(row[flask_column] == count_lines(flask_errors), f"the Flask build's error code ({flask_column})",
              f"you counted {row[flask_column]}; count the function that registers its error handlers"),
        point(row[django_column] == 0, f"DRF's error code ({django_column})",
              f"you counted {row[django_column]}; which DRF code turns errors into the contract's shapes?"),
    ]
    if TOTAL_ROW not in lines.index:
        results.append(point(False, "the total row", f'add a "{TOTAL_ROW}" row: the sum of the rows above it'))
    else:
        parts = lines.drop(index=TOTAL_ROW)
        results.append(point((lines.loc[TOTAL_ROW] == parts.sum()).all(), "the total row",
                             f"each column's total is the sum of its {len(parts)} other rows, the error row included"))
    return report(results)
