"""What each lesson costs one learner: every lesson alone in a fresh kernel, run top to bottom as Run All does.

Per lesson it records:

- wall seconds, from the kernel's start to its shutdown;
- CPU-seconds of the kernel and of everything it started (servers, their workers, load generators,
  Redis, PostgreSQL...): the CPU time of the children this process reaped. This process makes itself a
  child subreaper, so a process that outlives its parent comes back to it and is counted too. Not
  counted: the children of a process that ignores SIGCHLD (the kernel reaps them without a count). A
  process left running also adds its CPU of the 5 s below;
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
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from hub_capacity import commit, pss_mib  # noqa: E402

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
    kernel_mib: float | None = None  # None: no code cell, or an error stopped it before its last one
    left_running: int = 0
    error: str | None = None


def become_subreaper() -> None:
    """Orphaned descendants are re-parented to this process (so they are seen, reaped and counted)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def running_descendants(kernel_pid: int | None = None) -> list[psutil.Process]:
    """This process's descendants that are still running.

    An orphan that has exited is a zombie child of this process (the subreaper): it is reaped here, which
    adds its CPU time to this process's children's, unless it is the kernel (``kernel_pid``, or every child
    while that is unknown), which its kernel manager waits for.
    """
    running = []
    for process in psutil.Process().children(recursive=True):
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                running.append(process)
            elif kernel_pid is not None and process.pid != kernel_pid and process.ppid() == os.getpid():
                os.waitpid(process.pid, os.WNOHANG)
        except (psutil.Error, ChildProcessError):
            pass  # it ended, or was reaped, meanwhile
    return running


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
    """Samples the PSS of every running descendant of this process in a thread; keeps the highest sum."""

    def __init__(self, kernel_pid) -> None:
        self._kernel_pid = kernel_pid  # a function: the kernel's pid, or None before it started
        self.peak_mib, self.processes_at_peak = 0.0, 0
        self._stop, self._lock = threading.Event(), threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        processes = running_descendants(self._kernel_pid())
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
    """Count the descendants still running LEFT_AFTER_S after the kernel stopped, then stop them.

    Counted: the processes running at that moment and still running half a second later (psutil tells
    a process from a later one with the same pid), so that the short-lived children of a leaked
    process are not counted; every descendant is stopped.
    """
    deadline = time.monotonic() + LEFT_AFTER_S
    while (left := running_descendants()) and time.monotonic() < deadline:
        reap()
        time.sleep(0.2)
    if not left:
        return 0
    time.sleep(0.5)
    lasting = set(left) & set(running_descendants())
    for _ in range(3):  # a process may start another one while it is being stopped
        survivors = running_descendants()
        for process in survivors:
            try:
                process.send_signal(signal.SIGKILL)  # psutil checks that the pid is still that process
            except psutil.Error:
                pass  # it ended by itself meanwhile
        psutil.wait_procs(survivors, timeout=5)
        reap()
    return len(lasting)


def measure(notebook_path: Path) -> LessonCost:
    """Run one notebook in a fresh kernel, in its folder, and measure it (see the module's docstring)."""
    from nbclient import NotebookClient

    cost = LessonCost(notebook_path.stem)
    notebook = nbformat.read(notebook_path, as_version=4)

    def kernel_pid() -> int | None:
        return getattr(getattr(client.km, "provisioner", None), "pid", None)

    def after_cell(cell, cell_index, **_):
        if runs and cell_index == runs[-1]:  # the kernel shuts down next: one more sample, and its own figure
            memory.sample()
            cost.kernel_mib = pss_mib(kernel_pid()) if kernel_pid() else None

    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(notebook_path.parent)}}, on_cell_executed=after_cell)
    runs = [index for index, cell in enumerate(notebook.cells)  # the cells nbclient executes
            if cell.cell_type == "code" and cell.source.strip()
            and client.skip_cells_with_tag not in cell.metadata.get("tags", [])]
    memory = MemoryPeak(kernel_pid)
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
