"""Every lesson runs top to bottom in a fresh kernel, cleanly and within its time budget.

"Cleanly": no error output and nothing on stderr, except in cells tagged
``raises-exception`` (which must then really fail). The budget: no cell may
take longer than 20 seconds (lessons are read at a learner's pace, and the
whole course must run in CI). The lessons' times are printed at the end of
the pytest run.
"""

from __future__ import annotations

import pytest
from lesson_runs import NOTEBOOKS, lesson_paths, run_lesson

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


def redis_lessons() -> list[str]:
    """The lessons before Scalability that start a Redis server (the later ones have tests of their own)."""
    scalability = next(path.name for path in lesson_paths() if "Scalability" in path.name)
    return [path.name for path in lesson_paths()
            if path.name < scalability and "start_redis" in path.read_text()]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", redis_lessons())
def test_redis_parts_say_how_to_install_it_and_skip_when_it_is_missing(lesson):
    import os
    import shutil
    import sys
    from pathlib import Path

    hidden_path = str(Path(sys.executable).parent)  # the venv's bin: python, but no redis-server
    # Where apilab.serving.programs.find_program looks besides PATH (os.environ is not changed here:
    # other lessons may be starting kernels on other threads).
    still_found = shutil.which("redis-server", path=hidden_path) or shutil.which(
        "redis-server", path="/usr/sbin:/usr/local/sbin:/sbin")
    if still_found:
        pytest.skip(f"redis-server is at {still_found}, which cannot be hidden from the kernel by PATH")
    run = run_lesson(NOTEBOOKS / lesson, env={**os.environ, "PATH": hidden_path})
    assert run.error is None, f"{lesson} failed without redis-server:\n{run.error}"
    printed = [output.text for cell in run.notebook.cells if cell.cell_type == "code"
               for output in cell.get("outputs", []) if output.output_type == "stream"]
    hints = [text for text in printed if "redis-server is not installed" in text]
    assert hints and all(text.count("\n") == 1 for text in hints), f"{lesson} printed {printed}"
    assert not any(output.get("name") == "stderr" for cell in run.notebook.cells if cell.cell_type == "code"
                   for output in cell.get("outputs", []) if output.output_type == "stream"
                   if "raises-exception" not in cell.metadata.get("tags", []))
