"""Every lesson runs top to bottom in a fresh kernel, cleanly and within its time budget.

"Cleanly": no error output and nothing on stderr, except in cells tagged
``raises-exception`` (which must then really fail). The budget: no cell may
take longer than 20 seconds (lessons are read at a learner's pace, and the
whole course must run in CI). The lessons' times are printed at the end of
the pytest run.
"""

from __future__ import annotations

import pytest

from conftest import lesson_paths

CELL_BUDGET_S = 20.0
RAISES = "raises-exception"


def tagged(cell, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [path.name for path in lesson_paths()])
def test_lesson_runs_top_to_bottom(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, f"{lesson} stopped with an error:\n{run.error}"
    problems = []
    for index, cell in enumerate(run.notebook.cells):
        if cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        errors = [o for o in outputs if o.output_type == "error"]
        stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
        if tagged(cell, RAISES):
            if not errors:
                problems.append(f"cell {index} is tagged {RAISES} but raised nothing")
            continue
        if stderr:
            problems.append(f"cell {index} wrote to stderr: {''.join(stderr)[:300]!r}")
    assert not problems, f"{lesson}: " + "; ".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [path.name for path in lesson_paths()])
def test_lesson_cells_stay_within_the_time_budget(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    over = [f"cell {index} (id {cell_id}) took {seconds:.1f} s"
            for index, cell_id, seconds in run.cell_seconds if seconds > CELL_BUDGET_S]
    assert not over, f"{lesson} is over its budget of {CELL_BUDGET_S:.0f} s per cell: " + "; ".join(over)
