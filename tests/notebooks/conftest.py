"""Run the lesson notebooks once per test session, two at a time, and report their times.

Every lesson in ``notebooks/`` runs top to bottom in a fresh kernel (nbclient,
working directory ``notebooks/``). The runs start when the first lesson test
asks for them and go on in parallel while pytest reports results one by one;
only the lessons selected for this run (``-k``) are executed.
"""

from __future__ import annotations

import pytest
from lesson_runs import PARALLEL_KERNELS, LessonRunner, lesson_paths

_runner: list[LessonRunner] = []


@pytest.fixture(scope="session")
def lesson_runs(request) -> LessonRunner:
    """The lesson runs of this session, started for the lessons this pytest run selected."""
    selected = {
        item.callspec.params["lesson"] for item in request.session.items
        if hasattr(item, "callspec") and "lesson" in item.callspec.params
    }
    runner = LessonRunner([path for path in lesson_paths() if path.name in selected])
    _runner.append(runner)
    yield runner
    runner.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """Print every lesson's execution time and the total, under the usual summary."""
    if not _runner or not _runner[0].finished:
        return
    runner = _runner[0]
    runs = sorted(runner.finished.values(), key=lambda run: run.path.name)
    terminalreporter.section("lesson execution times")
    for run in runs:
        slowest = max((seconds for _, _, seconds in run.cell_seconds), default=0.0)
        terminalreporter.write_line(f"{run.path.name:<52} {run.seconds:6.1f} s   slowest cell {slowest:5.1f} s")
    total = sum(run.seconds for run in runs)
    terminalreporter.write_line(
        f"all {len(runs)} lessons: {total:.1f} s of kernel time, {runner.wall_seconds():.1f} s "
        f"wall clock with {PARALLEL_KERNELS} kernels in parallel (the course's budget: under 180 s on 2 cores)"
    )
