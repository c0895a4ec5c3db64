"""A class-sized run on a real JupyterHub: N learners fetch and submit at once, the class is graded.

Brings up the hub the hub tests use (tests/hub/hub_support.py: the class
environment built from Debian's Python, Unix users, a PostgreSQL gradebook,
configurable-http-proxy) with N learners (default 20), then times each phase:

  hub               build the environment, start PostgreSQL, make the users, start the hub
  release           the instructor generates and releases 01-flask-api
  servers           every learner's server started at once (and each one's own start time)
  login             every learner logs in as a browser does, at once
  fetch             every learner presses Fetch in the Assignment List, at once
  submit            every learner saves an answer and presses Submit, at once
  collect           nbgrader collect
  grade             apilab grade-class (one process per CPU) into the PostgreSQL gradebook
  feedback          generate and release feedback, then every learner fetches it, at once

and reports the hub's memory (the jupyterhub process; and the proxy), every
error, and whether anything was lost: every learner's submission collected and
graded with the expected score. Not a test: the times depend on the machine
and its load; run as root on Debian (as the hub tests). Everything it creates
is removed at the end.

    .venv/bin/python benchmarks/hub_class.py [--learners 20] [--output benchmarks/results/hub_class.txt]
"""

from __future__ import annotations

import argparse
import os
import platform
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

ASSIGNMENT = "01-flask-api"
NOTEBOOK = f"{COURSE_ID}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
SAMPLE = REPO_ROOT / "tests" / "grading" / "samples" / ASSIGNMENT / "blueprint_methodview.py"


class MemoryWatch:
    """Samples the resident memory of the hub (and its proxy) every half second; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak_hub = self.peak_proxy = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def proxy_rss(self) -> float:
        for process in psutil.process_iter(["cmdline"]):
            if any("configurable-http-proxy" in part for part in (process.info["cmdline"] or [])):
                try:
                    return process.memory_info().rss / 1e6
                except psutil.Error:
                    return 0.0
        return 0.0

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            try:
                self.peak_hub = max(self.peak_hub, self.process.memory_info().rss / 1e6)
            except psutil.Error:
                return
            self.peak_proxy = max(self.peak_proxy, self.proxy_rss())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)


def at_once(function, items, workers):
    """Run function(item) for every item at once; return (seconds, results, errors)."""
    started = time.monotonic()
    results, errors = {}, []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {item: pool.submit(function, item) for item in items}
        for item, future in futures.items():
            try:
                results[item] = future.result()
            except Exception as error:  # every error is reported, none stops the run
                errors.append(f"{item}: {type(error).__name__}: {str(error)[:200]}")
    return time.monotonic() - started, results, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--output", type=Path, default=None, help="also write the report to this file")
    args = parser.parse_args()
    if not 1 <= args.learners <= 200:
        raise SystemExit("--learners must be between 1 and 200")

    import importlib.util

    spec = importlib.util.spec_from_file_location("hub_bench_sample", SAMPLE)
    sample = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sample)

    lines: list[str] = []
    errors: list[str] = []
    phases: dict[str, float] = {}

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    hub = ClassHub(learners=args.learners)
    started = time.monotonic()
    watch = None
    try:
        hub.start()
        phases["hub"] = time.monotonic() - started
        watch = MemoryWatch(hub.hub.pid)
        memory_idle = hub.memory_mb()

        def instructor(*command, timeout=1800):
            result = hub.as_user(hub.instructor, list(command), cwd=hub.course, timeout=timeout)
            if result.returncode != 0:
                errors.append(f"{' '.join(command[:3])}: {(result.stderr or result.stdout)[-300:]}")
            return result

        t = time.monotonic()
        instructor("nbgrader", "generate_assignment", ASSIGNMENT, "--force")
        instructor("nbgrader", "release_assignment", ASSIGNMENT)
        phases["release"] = time.monotonic() - t

        phases["servers"], server_times, failed = at_once(hub.start_server, hub.learners, args.learners)
        errors += failed
        memory_servers = hub.memory_mb()

        phases["login"], browsers, failed = at_once(hub.login, hub.learners, args.learners)
        errors += failed

        def fetch(learner):
            reply = browsers[learner].assignment_action("fetch", ASSIGNMENT)
            if not any(a["assignment_id"] == ASSIGNMENT and a["status"] == "fetched" for a in reply["value"]):
                raise RuntimeError(f"not fetched: {str(reply)[:200]}")

        phases["fetch"], _, failed = at_once(fetch, list(browsers), args.learners)
        errors += failed

        def submit(learner):
            browser = browsers[learner]
            model = browser.server("GET", f"/api/contents/{NOTEBOOK}").json()
            for cell in model["content"]["cells"]:
                grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
                if grade_id in sample.ANSWERS:
                    cell["source"] = sample.ANSWERS[grade_id]
            saved = browser.server("PUT", f"/api/contents/{NOTEBOOK}",
                                   json={"type": "notebook", "format": "json", "content": model["content"]})
            saved.raise_for_status()
            reply = browser.assignment_action("submit", ASSIGNMENT)
            if isinstance(reply, dict) and reply.get("success") is False:
                raise RuntimeError(f"submit failed: {str(reply)[:200]}")

        phases["submit"], _, failed = at_once(submit, list(browsers), args.learners)
        errors += failed
        inbound = list((hub.exchange / COURSE_ID / "inbound").iterdir())

        t = time.monotonic()
        instructor("nbgrader", "collect", ASSIGNMENT)
        phases["collect"] = time.monotonic() - t
        submitted = hub.course / "submitted"
        collected = [p.name for p in submitted.iterdir()] if submitted.exists() else []

        t = time.monotonic()
        graded = instructor("apilab", "grade-class", ASSIGNMENT)
        phases["grade"] = time.monotonic() - t

        from nbgrader.api import Gradebook

        with Gradebook(hub.db_url, COURSE_ID) as gradebook:
            scores = {}
            for learner in hub.learners:
                try:
                    scores[learner] = gradebook.find_submission(ASSIGNMENT, learner).score
                except Exception:
                    scores[learner] = None

        t = time.monotonic()
        instructor("nbgrader", "generate_feedback", ASSIGNMENT)
        instructor("nbgrader", "release_feedback", ASSIGNMENT)

        def fetch_feedback(learner):
            reply = browsers[learner].assignment_action("fetch_feedback", ASSIGNMENT)
            has = [s for a in reply["value"] if a["assignment_id"] == ASSIGNMENT
                   for s in a.get("submissions", []) if s.get("has_local_feedback")]
            if not has:
                raise RuntimeError("no feedback fetched")

        _, _, failed = at_once(fetch_feedback, list(browsers), args.learners)
        errors += failed
        phases["feedback"] = time.monotonic() - t
        memory_end = hub.memory_mb()
        for browser in browsers.values():
            browser.close()
    finally:
        if watch is not None:
            watch.stop()
        stop_started = time.monotonic()
        hub.stop()
        stop_seconds = time.monotonic() - stop_started

    expected = float(sample.EXPECTED_SCORE)
    wrong = {learner: score for learner, score in scores.items() if score != expected}
    cpus = os.cpu_count()
    say(f"# A class of {args.learners} learners on a real JupyterHub ({platform.node()}, {cpus} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at the end)")
    say(f"# command: .venv/bin/python benchmarks/hub_class.py --learners {args.learners}")
    say("")
    say("hub start, by step (s):  " + ", ".join(f"{k} {v:.1f}" for k, v in hub.timings.items()))
    say(f"one learner's server start (s): median {statistics.median(server_times.values()):.1f}, "
        f"max {max(server_times.values()):.1f} (all {len(server_times)} started at once)")
    say("")
    say(f"{'phase':<10} {'seconds':>8}")
    for phase, seconds in phases.items():
        say(f"{phase:<10} {seconds:>8.1f}")
    say(f"{'stop':<10} {stop_seconds:>8.1f}  (stop every server and the hub, remove users and folders)")
    say("")
    say(f"hub memory (jupyterhub process, MB): idle {memory_idle:.0f}, with {args.learners} servers "
        f"{memory_servers:.0f}, at the end {memory_end:.0f}, peak {watch.peak_hub:.0f}; "
        f"configurable-http-proxy peak {watch.peak_proxy:.0f}")
    say(f"submissions: {len(inbound)} in the exchange's inbound, {len(collected)} collected, "
        f"{sum(1 for s in scores.values() if s is not None)} graded, "
        f"{sum(1 for s in scores.values() if s == expected)} with the expected {expected:g}/20")
    say(f"grade-class said: {graded.stdout.strip().splitlines()[-1] if graded.stdout.strip() else '(nothing)'}")
    say(f"errors: {len(errors)}" + "".join(f"\n  {e}" for e in errors))
    lost = args.learners - len(collected)
    say(f"lost: {lost}; scores not as expected: {wrong or 'none'}")
    if args.output:
        args.output.write_text("\n".join(lines) + "\n")
    return 1 if errors or wrong or lost else 0


if __name__ == "__main__":
    sys.exit(main())
