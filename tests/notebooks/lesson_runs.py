"""Run lesson notebooks in fresh kernels with nbclient and time them (shared by the notebook tests).

The session's lesson run keeps an executed copy of every lesson that ran without
an error (``apilab.course.executed``, in the git-ignored ``build/executed/``): the
site tests later in the same session build the course website from those copies
instead of executing every lesson again.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from apilab.course import executed
from apilab.lessons.practice.items import add_model_checks, remove_model_checks

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO_ROOT / "notebooks"
PARALLEL_KERNELS = 2


def lesson_paths() -> list[Path]:
    """Every notebook in notebooks/ (the index too), in file-name order."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


@dataclass
class LessonRun:
    """The executed notebook, how long it took, and the error that stopped it (if any)."""

    path: Path
    notebook: object = None
    seconds: float = 0.0
    error: str | None = None
    finished_at: float = 0.0
    cell_seconds: list[tuple[int, str, float]] = field(default_factory=list)


def cell_duration(cell) -> float | None:
    """Seconds between the kernel starting a cell and its reply, from nbclient's timing metadata."""
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return None
    from datetime import datetime

    return (datetime.fromisoformat(end.replace("Z", "+00:00")) -
            datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def run_lesson(path: Path, env: dict | None = None) -> LessonRun:
    """Execute one notebook top to bottom in a fresh kernel (with ``env`` as its environment, if given)."""
    run = LessonRun(path)
    started = time.monotonic()
    # nbclient's limit per cell is well above the 20 s budget, so a hung cell cannot hang the suite.
    # Each practice item's check runs as committed (the answer cell empty) and again after its model answer.
    notebook, run.error = executed.execute(path, env=env, prepare=add_model_checks)
    run.finished_at = time.monotonic()
    run.seconds = run.finished_at - started
    run.notebook = notebook
    for index, cell in enumerate(notebook.cells):
        seconds = cell_duration(cell) if cell.cell_type == "code" else None
        if seconds is not None:
            run.cell_seconds.append((index, cell.get("id", "?"), seconds))
    return run


def run_and_keep(path: Path) -> LessonRun:
    """Run the lesson; keep its executed copy for the course website when it ran without an error."""
    run = run_lesson(path)
    if run.error is None and executed.first_error(run.notebook) is None:
        executed.save(path, remove_model_checks(run.notebook))   # the site shows the lesson as a learner runs it
    return run


class LessonRunner:
    """Starts the selected lessons on a small thread pool and hands out their results."""

    def __init__(self, paths: list[Path]) -> None:
        self.pool = ThreadPoolExecutor(max_workers=PARALLEL_KERNELS, thread_name_prefix="lesson")
        self.started = time.monotonic()
        self.futures: dict[str, Future] = {path.name: self.pool.submit(run_and_keep, path) for path in paths}
        self.finished: dict[str, LessonRun] = {}

    def result(self, name: str) -> LessonRun:
        run = self.futures[name].result()
        self.finished[name] = run
        return run

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def wall_seconds(self) -> float:
        """Seconds from starting the runs to the end of the last finished one."""
        return max((run.finished_at for run in self.finished.values()), default=self.started) - self.started
