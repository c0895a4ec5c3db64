"""Run a learner's test suite on each of exercise 5's builds, and say which bugs it catches.

``evaluate`` starts a builds server (``apilab.lessons.builds_server``) and, for each build in a random order
(each correct build twice, each buggy build once), has it serve that build
and runs the suite once with pytest, in a process of its own (in the sandbox,
when the grader passes ``wrap``). The ``Evaluation`` keeps every test's
outcome on every build. A test counts only when it passed on every run of the
correct builds; a buggy build is caught when one such test failed on it.

Each run is bounded in time (``RUN_TIME_LIMIT``), all runs together too
(``TIME_BUDGET``: a build not reached is not caught), and of what a run
prints only the last ``OUTPUT_KEPT`` bytes are read.
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from apilab.contract.api_fixture import ID_CHARS
from apilab.exercises.api_tests.builds import BUGS, CORRECT
from apilab.serving.managed_process import kill_and_close

SUITE_FILE = "test_products_api.py"
RUN_TIME_LIMIT = 15.0  # seconds one run of the suite may take (an honest one takes about one)
TIME_BUDGET = 90.0  # seconds every run of one evaluation may take together (within a cell's 120 s)
CONFIRMING_TIME_BUDGET = 90.0  # seconds the grader's confirming rounds may take together, after those
OUTPUT_KEPT = 256 * 1024  # bytes of a run's output read (the end of it)
SERVER_START_LIMIT = 60.0
CORRECT_RUNS = 2  # runs on each correct build: a test must pass on each of them
PASSED, FAILED = "passed", ("failed", "error")
HIDDEN = "hidden:"  # the key of a hidden build: "hidden:<its name>"
NOT_RUN = "not run"  # how a run the time budget left out begins its problem
SELECT_VARIABLE = "APILAB_SELECT_TESTS"  # the tests a confirming run runs (JSON), read by api_fixture
CANDIDATES = 2  # tests per buggy build whose failure is confirmed
CONFIRMING_ROUNDS = 2  # each confirmed again this many times, with the correct builds beside it


@dataclass
class Run:
    """One run of the suite on one build: each test's (outcome, first line of failure), or why it did not finish."""

    build: str
    outcomes: dict[str, tuple[str, str]] = field(default_factory=dict)
    problem: str = ""


def correct_key(name: str, number: int) -> str:
    return f"{name}#{number}"


def plan(hidden: dict[str, str]) -> list[str]:
    """Every run's build key, in a random order nobody can predict."""
    keys = [correct_key(name, number) for name in CORRECT for number in range(1, CORRECT_RUNS + 1)]
    keys += [bug.name for bug in BUGS] + [HIDDEN + name for name in sorted(hidden)]
    random.SystemRandom().shuffle(keys)
    return keys


def build_request(key: str, hidden: dict[str, str]) -> dict:
    """What the builds server is sent to serve the build ``key``."""
    if key.startswith(HIDDEN):
        name = key.removeprefix(HIDDEN)
        return {"source": hidden[name], "function": name}
    return {"build": key.split("#")[0]}


class BuildsServer:
    """A builds server process on a Unix socket in a folder of its own; ``use`` switches the build."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="apilab-builds-"))
        self.folder.chmod(0o755)
        self.socket = self.folder / "api.sock"
        env = {**os.environ, "PYTHONSAFEPATH": "1", "DJANGO_ALLOW_ASYNC_UNSAFE": "true"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "apilab.lessons.builds_server", str(self.socket)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
            cwd=self.folder)

    @property
    def url(self) -> str:
        return "http+unix://" + urllib.parse.quote(str(self.socket), safe="")

    def use(self, request: dict) -> str:
        """Serve the build ``request`` names from now on; "" when served, else why not."""
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:
            return "the builds server has stopped"
        ready, _, _ = select.select([self.process.stdout], [], [], SERVER_START_LIMIT)
        line = self.process.stdout.readline() if ready else ""
        try:
            reply = json.loads(line)
        except ValueError:
            return "the builds server did not answer"
        return "" if reply.get("ready") else str(reply.get("error", "the build could not be made"))

    def stop(self) -> None:
        kill_and_close(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> BuildsServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def pytest_argv() -> list[str]:
    """The command of one run: pytest on the suite file, with the ``api`` fixture and no other plugin or config."""
    return [sys.executable, "-I", "-m", "pytest", SUITE_FILE, "-p", "apilab.contract.api_fixture",
            "-p", "no:cacheprovider", "-c", os.devnull, "--rootdir", ".", "-q", "--no-header", "-W", "ignore",
            "--show-capture=no"]


def _read_bounded(process: subprocess.Popen, limit: float) -> tuple[bytes, bool]:
    """The output of ``process`` until it ends or ``limit`` seconds pass (its last OUTPUT_KEPT bytes); True if ended."""
    deadline = time.monotonic() + limit
    kept = b""
    stream = process.stdout.fileno()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return kept, False
        ready, _, _ = select.select([stream], [], [], left)
        if not ready:
            continue
        chunk = os.read(stream, 65536)
        if not chunk:
            return kept, True
        kept = (kept + chunk)[-OUTPUT_KEPT:]


def suite_report(output: bytes) -> dict | None:
    """The last ``{"apilab_suite": ...}`` line of a run's output, or None."""
    for line in reversed(output.decode("utf-8", "replace").splitlines()):
        if line.startswith('{"apilab_suite"'):
            try:
                found = json.loads(line).get("apilab_suite")
            except (ValueError, RecursionError, AttributeError):
                continue
            if isinstance(found, dict):
                return found
    return None


def _outcomes(report: dict) -> dict[str, tuple[str, str]]:
    found = report.get("outcomes") if isinstance(report.get("outcomes"), dict) else {}
    outcomes = {}
    for test, value in list(found.items())[:1000]:
        if isinstance(test, str) and isinstance(value, list) and len(value) == 2 and \
                value[0] in (PASSED, *FAILED, "skipped") and isinstance(value[1], str):
            outcomes[test.split("::", 1)[-1][:ID_CHARS]] = (value[0], value[1][:200])  # without the file's name
    return outcomes


def run_once(folder: Path, build: str, url: str, wrap: Callable | None, limit: float,
             sockets: tuple[str, ...] = (), select: list[str] | None = None) -> Run:
    """Run the suite in ``folder`` once against the API at ``url`` (only the tests ``select`` names, when given)."""
    inside = {"PRODUCTS_API_URL": url, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1",
              "MPLBACKEND": "Agg"}
    if select is not None:
        inside[SELECT_VARIABLE] = json.dumps(select)
    argv = wrap(pytest_argv(), inside, sockets) if wrap else pytest_argv()
    process = subprocess.Popen(argv, cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env={**os.environ, **inside}, start_new_session=True)
    try:
        output, ended = _read_bounded(process, limit)
    finally:
        if process.poll() is None:
            try:
                os.killpg(process.pid, 9)
            except ProcessLookupError:
                pass
        process.wait()
        process.stdout.close()
    report = suite_report(output)
    if report is None:
        why = f"the run was stopped after {limit:.0f} s" if not ended else "pytest ended without a report"
        return Run(build, problem=why)
    errors = [str(error)[:200] for error in report.get("collect_errors", [])[:3] if isinstance(error, str)]
    return Run(build, _outcomes(report), problem=f"the file could not be collected: {errors[0]}" if errors else "")


@dataclass
class Evaluation:
    """Every run of one suite, by build key."""

    runs: dict[str, Run] = field(default_factory=dict)
    # The confirming rounds, each {build key or correct build name: run}; None when failures are not confirmed.
    confirmations: list[dict[str, Run]] | None = None

    def correct_runs(self) -> list[Run]:
        return [run for key, run in self.runs.items() if key.split("#")[0] in CORRECT and "#" in key]

    def tests(self) -> list[str]:
        """Every test the correct builds' runs collected, in order."""
        seen: dict[str, None] = {}
        for run in self.correct_runs():
            seen.update(dict.fromkeys(run.outcomes))
        return list(seen)

    def first_problem_on_correct(self, test: str) -> str:
        """Why ``test`` does not count: its first failure on a correct build; "" when it passed on every run."""
        for run in sorted(self.correct_runs(), key=lambda run: run.build):
            outcome, message = run.outcomes.get(test, ("", run.problem or "it did not run"))
            if outcome != PASSED:
                build = "DRF" if run.build.startswith("drf") else "Flask"
                return f"{outcome or 'not run'} on the correct {build} build: {message}".rstrip(": ")
        return ""

    def trusted(self) -> list[str]:
        """The tests that passed on every run of the correct builds."""
        runs = self.correct_runs()
        return [test for test in self.tests()
                if runs and all(run.outcomes.get(test, ("",))[0] == PASSED for run in runs)]

    def failed_on(self, key: str) -> list[str]:
        """The trusted tests that failed on the build ``key`` in the plan's run."""
        run = self.runs.get(key)
        if run is None:
            return []
        return [test for test in self.trusted() if run.outcomes.get(test, ("",))[0] in FAILED]

    def candidates(self, key: str) -> list[str]:
        """The tests whose failure on ``key`` the confirming rounds run again."""
        return self.failed_on(key)[:CANDIDATES]

    def caught_by(self, key: str) -> list[str]:
        """The trusted tests that caught the build ``key``: failed on it, and, when the failures were
        confirmed (``confirmations``), failed on it again in every round while passing on both correct builds."""
        if self.confirmations is None:
            return self.failed_on(key)
        rounds = self.confirmations
        return [test for test in self.candidates(key) if rounds and all(
            _outcome(round_runs.get(key), test) in FAILED and
            all(_outcome(round_runs.get(name), test) == PASSED for name in CORRECT) for round_runs in rounds)]

    def failed_only_untrusted(self, key: str) -> bool:
        """True when tests failed on ``key`` but each of them fails on a correct build too."""
        run = self.runs.get(key)
        return run is not None and any(outcome in FAILED for outcome, _ in run.outcomes.values()) \
            and not self.failed_on(key)

    def confirming_cut_short(self, key: str) -> bool:
        """True when a confirming run of ``key`` or of a correct build was left out for want of time."""
        return any(run.problem.startswith(NOT_RUN) for rounds in (self.confirmations or [])
                   for name, run in rounds.items() if name in (key, *CORRECT))

    def not_confirmed(self, key: str) -> bool:
        """True when a test failed on ``key`` but did not again when that was confirmed."""
        return bool(self.failed_on(key)) and not self.caught_by(key)


def _outcome(run: Run | None, test: str) -> str:
    return "" if run is None else run.outcomes.get(test, ("",))[0]


def evaluate(folder: Path, hidden: dict[str, str], wrap: Callable | None = None,
             known: dict[str, Run] | None = None, confirm: bool = False,
             budget: float | None = None) -> Evaluation:
    """Run the suite in ``folder`` on every build of the plan (those not in ``known`` already).

    ``confirm`` (the grader's): each buggy build's first ``CANDIDATES`` failing tests, all of them together,
    run again on every such build and on both correct builds, in ``CONFIRMING_ROUNDS`` more rounds in a random
    order. A build is
    caught only by a test that failed on it and passed on the correct builds every time: a test that
    fails at random is very unlikely to do that, however many such tests a suite holds.
    """
    evaluation = Evaluation(dict(known or {}))
    keys = [key for key in plan(hidden) if key not in evaluation.runs]
    if not keys and not confirm:
        return evaluation
    budget = TIME_BUDGET if budget is None else budget
    deadline = time.monotonic() + budget
    with BuildsServer() as server:
        def run(key: str, select: list[str] | None = None) -> Run:
            left = deadline - time.monotonic()
            if left <= 1:
                return Run(key, problem=f"{NOT_RUN}: every run together may take {budget:g} s")
            problem = server.use(build_request(key, hidden))
            if problem:
                return Run(key, problem=f"the build could not be served: {problem}")
            return run_once(folder, key, server.url, wrap, min(RUN_TIME_LIMIT, left), (str(server.socket),), select)

        for key in keys:
            evaluation.runs[key] = run(key)
        if confirm:  # with a time budget of their own: a slow suite's catches are not lost to its main runs
            budget = CONFIRMING_TIME_BUDGET
            deadline = time.monotonic() + budget
            evaluation.confirmations = []
            found = {key: evaluation.candidates(key) for key in evaluation.runs if key.split("#")[0] not in CORRECT}
            candidates = {key: tests for key, tests in found.items() if tests}
            every = sorted(set().union(*candidates.values())) if candidates else []
            for _ in range(CONFIRMING_ROUNDS if candidates else 0):
                order = [*candidates, *CORRECT]
                random.SystemRandom().shuffle(order)
                # Every confirming run runs the same tests, whatever the build: a test cannot tell from what
                # was collected whether it meets a buggy build or a correct one.
                evaluation.confirmations.append({key: run(key, every) for key in order})
    return evaluation


def has_tests(folder: Path) -> bool:
    """True when the suite file exists and pytest would find a test in it (a ``test`` function or a Test class)."""
    import ast

    path = Path(folder) / SUITE_FILE
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError, RecursionError):
        return path.is_file()  # pytest will say what is wrong with it
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
               and node.name.lower().startswith("test") for node in ast.walk(tree))

