"""What each lesson costs one learner: every lesson alone in a fresh kernel, run top to bottom as Run All does.

Per lesson it records:

- wall seconds, from the kernel's start to its shutdown;
- CPU-seconds of the kernel and of everything it started (servers, their workers, load generators,
  Redis, PostgreSQL...): the CPU time of the children this process reaped. This process makes itself a
  child subreaper, so a process that outlives its parent comes back to it and is counted too;
- peak memory: the highest sum of the PSS (each process's own memory and its share of what it shares) of
  the kernel and every process it started, sampled every half second (a shorter spike can be missed),
  and how many processes there were then;
- the kernel's own PSS after its last cell;
- the processes still running 5 s after the kernel shut down (a lesson that leaks a server); they are
  then stopped.

Not a test: the figures depend on the machine and its load. The hub's memory limit per learner
(``hub_sizing.py``) must hold the largest peak here beside the learner's single-user server.

    .venv/bin/python benchmarks/lesson_costs.py [LESSON ...] [--output benchmarks/results/lesson_costs.txt]

LESSON is a lesson's name or its number (``13``), or the path of any notebook; default: every lesson.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import os
import platform
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from hub_capacity import pss_mib  # noqa: E402

from apilab.course.executed import CELL_TIMEOUT_S  # noqa: E402

NOTEBOOKS = REPO_ROOT / "notebooks"
SAMPLE_EVERY_S = 0.5
LEFT_AFTER_S = 5.0
PR_SET_CHILD_SUBREAPER = 36


@dataclass
class LessonCost:
    lesson: str
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_mib: float = 0.0
    processes_at_peak: int = 0
    kernel_mib: float | None = None  # None: the notebook has no code cell
    left_running: int = 0
    error: str | None = None


def become_subreaper() -> None:
    """Orphaned descendants are re-parented to this process (so they are seen, reaped and counted)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def descendants() -> list[psutil.Process]:
    return psutil.Process().children(recursive=True)


def reap() -> None:
    """Wait for every child that has exited (a re-parented orphan is nobody else's to wait for)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


class MemoryPeak:
    """Samples the PSS of every descendant of this process in a thread; keeps the highest sum."""

    def __init__(self) -> None:
        self.peak_mib, self.processes_at_peak = 0.0, 0
        self._stop, self._lock = threading.Event(), threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        processes = descendants()
        total = sum(pss_mib(process.pid) for process in processes)
        with self._lock:
            if total > self.peak_mib:
                self.peak_mib, self.processes_at_peak = total, len(processes)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY_S):
            self.sample()

    def __enter__(self) -> MemoryPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stop_left_running() -> int:
    """Count the descendants still running LEFT_AFTER_S after the kernel stopped, then stop them."""
    deadline = time.monotonic() + LEFT_AFTER_S
    while (left := [p for p in descendants() if p.status() != psutil.STATUS_ZOMBIE]) and time.monotonic() < deadline:
        reap()
        time.sleep(0.2)
    for process in left:
        try:
            process.send_signal(signal.SIGKILL)
        except psutil.Error:
            pass
    psutil.wait_procs(left, timeout=5)
    reap()
    return len(left)


def measure(notebook_path: Path) -> LessonCost:
    """Run one notebook in a fresh kernel, in its folder, and measure it (see the module's docstring)."""
    from nbclient import NotebookClient

    cost = LessonCost(notebook_path.stem)
    notebook = nbformat.read(notebook_path, as_version=4)
    last_code = max((index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"), default=-1)

    memory = MemoryPeak()

    def after_cell(cell, cell_index, **_):
        if cell_index == last_code:  # the kernel shuts down next: one more sample, and the kernel's own figure
            memory.sample()
            kernels = [p for p in psutil.Process().children() if "ipykernel_launcher" in " ".join(p.cmdline())]
            cost.kernel_mib = sum(pss_mib(kernel.pid) for kernel in kernels)

    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(notebook_path.parent)}},
                            on_cell_executed=after_cell)
    cpu_before, started = children_cpu_s(), time.monotonic()
    with memory:
        try:
            asyncio.run(client.async_execute())
        except Exception as failure:  # a failing cell, a timeout or a dead kernel: said in one line
            last_line = (str(failure).strip().splitlines() or [""])[-1]
            cost.error = f"{type(failure).__name__}: {last_line[:200]}"
    cost.wall_s = time.monotonic() - started
    cost.left_running = stop_left_running()
    cost.cpu_s = children_cpu_s() - cpu_before
    cost.peak_mib, cost.processes_at_peak = memory.peak_mib, memory.processes_at_peak
    return cost


def notebook_paths(names: list[str]) -> list[Path]:
    lessons = sorted(NOTEBOOKS.glob("*.ipynb"))
    if not names:
        return lessons
    paths = []
    for name in names:
        if name.endswith(".ipynb"):
            paths.append(Path(name).resolve())
            continue
        found = [lesson for lesson in lessons if lesson.stem == name or lesson.stem.split("-")[0] == name.zfill(2)]
        if not found:
            raise SystemExit(f"lesson_costs: no lesson {name!r} in {NOTEBOOKS}")
        paths.extend(found)
    return paths


HEADER = f"{'lesson':<40} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9} {'processes':>9} {'kernel MiB':>10} {'left':>5}"


def row(cost: LessonCost) -> str:
    kernel = "-" if cost.kernel_mib is None else f"{cost.kernel_mib:.0f}"
    line = (f"{cost.lesson:<40} {cost.wall_s:7.1f} {cost.cpu_s:7.1f} {cost.peak_mib:9.0f} {cost.processes_at_peak:9d} "
            f"{kernel:>10} {cost.left_running:5d}")
    return line + (f"   error: {cost.error}" if cost.error else "")


def commit() -> str:
    """The course's commit, and whether the lessons or the package differ from it."""
    def git(*arguments: str) -> str:
        return subprocess.run(["git", "-C", str(REPO_ROOT), *arguments], capture_output=True, text=True,
                              check=True).stdout.strip()
    try:
        changed = git("status", "--porcelain", "--", "notebooks", "src")
        return git("rev-parse", "--short", "HEAD") + (" (with changes not committed)" if changed else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson names or numbers, or notebook paths (default: every lesson)")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    arguments = parser.parse_args(argv)
    paths = notebook_paths(arguments.lessons)
    become_subreaper()
    lines = [f"# Each lesson alone in a fresh kernel, run top to bottom ({platform.node()}, {os.cpu_count()} CPUs, "
             f"{psutil.virtual_memory().total / 2**30:.0f} GiB)",
             f"# command: .venv/bin/python benchmarks/lesson_costs.py {' '.join(arguments.lessons)}".rstrip(),
             f"# course at commit {commit()}; load average before: {os.getloadavg()[0]:.1f}",
             "# wall s: kernel start to shutdown; CPU s: the kernel and all it started; peak MiB: highest PSS sum of",
             "# the kernel and all it started (sampled every 0.5 s), with its process count; kernel MiB: the kernel's",
             "# PSS after its last cell; left: processes still running 5 s after the kernel shut down",
             "", HEADER]
    print("\n".join(lines), flush=True)
    costs = []
    for path in paths:
        costs.append(measure(path))
        lines.append(row(costs[-1]))
        print(lines[-1], flush=True)
    if len(costs) > 1:
        largest = max(costs, key=lambda cost: cost.peak_mib)
        lines += ["", f"all lessons: {sum(c.wall_s for c in costs):.0f} s, {sum(c.cpu_s for c in costs):.0f} CPU-s; "
                      f"largest peak {largest.peak_mib:.0f} MiB ({largest.lesson}); "
                      f"processes left running: {sum(c.left_running for c in costs)}"]
        print(lines[-1])
    if arguments.output:
        arguments.output.write_text("\n".join(lines) + "\n")
    return 1 if any(cost.error for cost in costs) else 0


if __name__ == "__main__":
    sys.exit(main())
