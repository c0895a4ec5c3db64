"""How many learners one machine holds: N learners work through lessons at once on the real hub.

Brings up the hub the hub tests use (tests/hub/hub_support.py: the class
environment, Unix users, the shipped jupyterhub_config.py) with as many
learners as the largest round, then for each round (N = 10, 20, 40 by default):

  1. N learners' servers start at once through the hub, and each learner logs in as a browser does;
  2. each learner works through the lessons (default 04 and 12: Django and DRF loaded, in-kernel
     servers, the load tests of lesson 12): a kernel per lesson opened through the server's API,
     every code cell run over the kernel's websocket as JupyterLab does, with a pause before each
     cell drawn between --pause seconds (people take longer: the load here is heavier than a class's);
     a lesson's kernel stays open, as its tab does, until the learner's session ends;
  3. the servers stop, and the next round starts from none.

Per round it records: cell latency (request to idle, through the hub; p50, p95, max), cells that failed
and how, each learner's CPU-seconds per lesson (their Unix user's processes), each learner's memory at
the end of their session (PSS of their processes: server, kernels and the servers the kernels started),
the machine's memory in use above what it used before the round, CPU use, load average, and the hub's
and proxy's open file descriptors. Not a test: the figures depend on the machine and its load; run as
root on Debian (as the hub tests). Everything it creates is removed at the end.

    .venv/bin/python benchmarks/hub_capacity.py [--learners 10 20 40] [--output benchmarks/results/hub_capacity.txt]
    .venv/bin/python benchmarks/hub_capacity.py --learners 40 --lessons 12-Scalability --pause 10 30 \
        --output benchmarks/results/hub_capacity_paced.txt

hub_sizing.py derives each server's guarantees and limits, and what one machine holds, from the two.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pwd
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "hub"))
sys.path.insert(0, str(REPO_ROOT / "src"))

from hub_support import COURSE_ID, ClassHub  # noqa: E402

LESSONS = ["04-Django-And-DRF", "12-Scalability"]
CELL_TIMEOUT = 600.0  # seconds one cell may take before the learner's session is given up
MIB = 1024 * 1024
Lessons = dict[str, list[tuple[str, bool]]]  # lesson name: its code cells (see code_cells)


def code_cells(lesson: str) -> list[tuple[str, bool]]:
    """A lesson's code cells: (source, whether it shows an error on purpose: tag raises-exception)."""
    notebook = json.loads((REPO_ROOT / "notebooks" / f"{lesson}.ipynb").read_text())
    return [("".join(cell["source"]), "raises-exception" in cell["metadata"].get("tags", []))
            for cell in notebook["cells"] if cell["cell_type"] == "code" and "".join(cell["source"]).strip()]


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (linear between the closest ranks), nan when there are none."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def pss_mib(pid: int) -> float:
    """A process's proportional set size (its own memory, and its share of what it shares), in MiB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class UserProcesses:
    """A learner's Unix user's processes: CPU-seconds so far.

    Counts what the processes alive now used, and what they reaped of their children; a process that
    outlived its parent and was reaped by init (a daemon, say) is not counted.
    """

    def __init__(self, user: str) -> None:
        self.uid = pwd.getpwnam(user).pw_uid

    def processes(self) -> list[psutil.Process]:
        return [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real == self.uid]

    def cpu_seconds(self) -> float:
        total = 0.0
        for process in self.processes():
            try:
                times = process.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
            except psutil.Error:
                pass
        return total


class MachineWatch:
    """Samples every 2 s: memory in use, each learner's memory (PSS of their processes), CPU use, load,
    and the hub's and proxy's descriptors; keeps the peaks. This process (the learners' browsers) runs
    on the same machine: its own CPU and memory are in the machine's figures."""

    def __init__(self, hub: ClassHub, learners: list[str]) -> None:
        self.hub = hub
        self.learners = {pwd.getpwnam(name).pw_uid: name for name in learners}
        self.peak_learner = dict.fromkeys(learners, 0.0)
        self.base_used = psutil.virtual_memory().used / MIB
        self.peak_used = self.peak_load = 0.0
        self.peak_fds = {"hub": 0, "proxy": 0}
        self.cpu: list[float] = []
        psutil.cpu_percent()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(2.0):
            self.peak_used = max(self.peak_used, psutil.virtual_memory().used / MIB - self.base_used)
            self.peak_load = max(self.peak_load, os.getloadavg()[0])
            self.cpu.append(psutil.cpu_percent())
            self._scan_processes()

    def _scan_processes(self) -> None:
        """One pass over the machine's processes: the hub's and proxy's descriptors, each learner's memory."""
        learners: dict[str, float] = {}
        for process in psutil.process_iter(["pid", "uids", "cmdline"]):
            try:
                uids, pid = process.info["uids"], process.info["pid"]
                name = self.learners.get(uids.real) if uids else None
                if name:
                    learners[name] = learners.get(name, 0.0) + pss_mib(pid)
                elif pid == self.hub.hub.pid:
                    self.peak_fds["hub"] = max(self.peak_fds["hub"], process.num_fds())
                elif "configurable-http-proxy" in " ".join(process.info["cmdline"] or []):
                    self.peak_fds["proxy"] = max(self.peak_fds["proxy"], process.num_fds())
            except psutil.Error:
                pass
        for name, mib in learners.items():
            self.peak_learner[name] = max(self.peak_learner[name], mib)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def work_through(hub: ClassHub, user: str, lessons: Lessons, pause: tuple[float, float],
                 seed: int) -> dict:
    """One learner's session: log in, run each lesson's cells with pauses; what it cost and how it went."""
    pauses = random.Random(seed)
    account = UserProcesses(user)
    outcome = {"latencies": [], "errors": [], "cpu": {}, "stopped": False}
    browser, channels = None, []
    try:
        browser = hub.login(user)
        for lesson, cells in lessons.items():
            channel = browser.open_kernel(f"{COURSE_ID}-lessons/{lesson}.ipynb", timeout=CELL_TIMEOUT)
            channels.append(channel)
            before = account.cpu_seconds()
            for number, (code, on_purpose) in enumerate(cells, 1):
                time.sleep(pauses.uniform(*pause))
                started = time.monotonic()
                try:
                    _, error = channel.execute(code)
                finally:  # a cell that never finished counts with the time it was given
                    outcome["latencies"].append(time.monotonic() - started)
                if error and not on_purpose:
                    outcome["errors"].append(f"{lesson} cell {number}: {error[:160]}")
            outcome["cpu"][lesson] = account.cpu_seconds() - before
    except Exception as error:  # a session that breaks is reported, and the round goes on
        outcome["stopped"] = True
        outcome["errors"].append(f"session stopped: {type(error).__name__}: {str(error)[:160]}")
    finally:
        for channel in channels:
            channel.close()
        if browser is not None:
            try:  # the kernels go with the server at the end of the round anyway
                for session in browser.server("GET", "/api/sessions").json() or []:
                    browser.server("DELETE", f"/api/sessions/{session['id']}")
            except Exception:
                pass
            browser.close()
    return outcome


def start_server(hub: ClassHub, user: str) -> float | None:
    """Seconds ``user``'s server took to start, None when it did not."""
    try:
        return hub.start_server(user)
    except Exception:
        return None


def one_round(hub: ClassHub, learners: list[str], lessons: Lessons, pause: tuple[float, float],
              say) -> dict:
    watch = MachineWatch(hub, learners)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(learners)) as pool:
        starts = list(pool.map(lambda user: start_server(hub, user), learners))
    took = [seconds for seconds in starts if seconds is not None]
    say(f"  {len(learners)} servers started at once ({len(learners) - len(took)} did not): each took median "
        f"{statistics.median(took) if took else float('nan'):.1f} s, max {max(took, default=float('nan')):.1f} s")
    work_started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(learners)) as pool:
        outcomes = list(pool.map(lambda pair: work_through(hub, pair[1], lessons, pause, pair[0]),
                                 enumerate(learners)))
    work_seconds = time.monotonic() - work_started
    watch.stop()
    hub.stop_servers(timeout=180)
    latencies = [s for outcome in outcomes for s in outcome["latencies"]]
    errors = [e for outcome in outcomes for e in outcome["errors"]]
    cpu = {lesson: [o["cpu"][lesson] for o in outcomes if lesson in o["cpu"]] for lesson in lessons}
    memory = [mib for mib in watch.peak_learner.values() if mib]
    return {
        "learners": len(learners), "work_s": work_seconds, "round_s": time.monotonic() - started,
        "cells": len(latencies), "p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95),
        "max": max(latencies, default=float("nan")), "errors": errors,
        "stopped": sum(o["stopped"] for o in outcomes) + len(learners) - len(took),
        "cpu": {lesson: statistics.median(values) if values else float("nan") for lesson, values in cpu.items()},
        "memory_median": statistics.median(memory) if memory else float("nan"),
        "memory_max": max(memory, default=float("nan")),
        "machine_used": watch.peak_used, "cpu_use": statistics.mean(watch.cpu) if watch.cpu else float("nan"),
        "load": watch.peak_load, "fds": watch.peak_fds,
    }


def commit() -> str:
    """The course's commit, and whether its lessons or package differ from it (the benchmarks' headers)."""
    import subprocess

    def git(*arguments: str) -> str:
        return subprocess.run(["git", "-C", str(REPO_ROOT), *arguments], capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return "unknown"
    return head + (" (with changes not committed)" if git("status", "--porcelain", "--", "notebooks", "src") else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[10, 20, 40])
    parser.add_argument("--lessons", nargs="+", default=LESSONS)
    parser.add_argument("--pause", type=float, nargs=2, default=[1.0, 3.0], metavar=("LEAST", "MOST"))
    parser.add_argument("--output", type=Path, default=None, help="also write the report to this file")
    args = parser.parse_args()
    if not all(1 <= n <= 200 for n in args.learners):
        raise SystemExit("--learners: each round between 1 and 200")
    lessons = {lesson: code_cells(lesson) for lesson in args.lessons}
    progress: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        progress.append(text)

    memory_total = psutil.virtual_memory().total / 2**30
    hub = ClassHub(learners=max(args.learners)).start()
    rounds = []
    try:
        for count in sorted(args.learners):
            say(f"round: {count} learners at once")
            rounds.append(one_round(hub, hub.learners[:count], lessons, tuple(args.pause), say))
            say(f"  done in {rounds[-1]['round_s']:.0f} s, load average now {os.getloadavg()[0]:.1f}")
    finally:
        hub.stop()
    cells = sum(len(c) for c in lessons.values())
    header = [
        f"# N learners working at once on a real JupyterHub ({platform.node() or 'machine'}, "
        f"{psutil.cpu_count()} CPUs, {memory_total:.0f} GiB)",
        f"# command: .venv/bin/python benchmarks/hub_capacity.py {' '.join(sys.argv[1:])}",
        f"# course at commit {commit()}; the learners' browsers ran on the same machine",
        f"# each learner: lessons {', '.join(lessons)} ({cells} code cells), a pause of {args.pause[0]:g} to "
        f"{args.pause[1]:g} s before each cell, every lesson's kernel open until the session ends",
        "",
        "learners  work s  cells  p50 s  p95 s  max s  errors  CPU %  load  peak MiB/learner (median, max)  "
        "machine MiB/learner  hub fds  proxy fds",
    ]
    table = [
        f"{r['learners']:>8}  {r['work_s']:>6.0f}  {r['cells']:>5}  {r['p50']:>5.2f}  {r['p95']:>5.2f}  "
        f"{r['max']:>5.1f}  {len(r['errors']):>6}  {r['cpu_use']:>5.0f}  {r['load']:>4.1f}  "
        f"{r['memory_median']:>13.0f}, {r['memory_max']:>5.0f}  {r['machine_used'] / r['learners']:>19.0f}  "
        f"{r['fds']['hub']:>7}  {r['fds']['proxy']:>9}"
        for r in rounds]
    cpu_lines = ["", "CPU-seconds per learner and lesson (median of the round):"] + [
        f"  {r['learners']:>3} learners: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in r["cpu"].items())
        for r in rounds]
    stopped = ["", "sessions that stopped before their end (a server that did not start, a cell that never "
               "finished): " + ", ".join(f"{r['stopped']} of {r['learners']}" for r in rounds)]
    failed = ["", "cells that failed (first 10 of each round):"] + [
        f"  {r['learners']:>3} learners: {error}" for r in rounds for error in r["errors"][:10]] \
        if any(r["errors"] for r in rounds) else ["", "cells that failed: none"]
    error_lines = stopped + failed
    report = "\n".join(header + table + cpu_lines + error_lines) + "\n"
    print("\n" + report)
    if args.output:
        args.output.write_text(report + "\nprogress:\n" + "\n".join(progress) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
