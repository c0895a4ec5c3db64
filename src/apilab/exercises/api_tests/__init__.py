"""Exercise 5 (``05-api-tests``): the learner writes pytest tests of the Products API; graded by what they catch.

The suite, ``test_products_api.py``, talks to the API through the ``api``
fixture (``apilab.contract.api_fixture``). It is run once on each build of
``builds`` (``suite_runs``): the correct Flask and DRF builds, each twice, and
the buggy builds, in a random order, each run a process of its own with a
fresh build. A test counts when it passed on every correct run; a buggy build
is caught when a test that counts failed on it. Three test cells:

- ``passes_on_correct_builds`` (2 points): four checks, the n-th passed when
  fewer than n tests fail on a correct build; a suite that catches no bug
  earns none of these points.
- ``catches_visible_bugs`` (6 points): one check per buggy build of ``builds``.
- ``catches_hidden_bugs`` (2 points): one check per buggy build of the
  instructor's ``hidden_builds.py`` (never released, never in a learner's
  kernel), run by the grader only; the feedback numbers them and never says
  what they get wrong.

In the notebook the test cells run the suite in the kernel's folder
(``SuiteCell``); a kernel keeps each run, so the three cells run it once. From
outside, the verification process hands over the suite file (``OPS``) and the
grader runs every build again, each run in the sandbox (``decide``), with the
hidden builds read from the instructor's ``hidden_builds.py``, and confirms each catch: the
failing tests run twice more on that build and on both correct builds
(``suite_runs.evaluate``), so tests that fail at random catch next to nothing.
"""

from __future__ import annotations

import ast
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from apilab.contract.report import CheckResult
from apilab.exercises.api_tests.builds import BUGS
from apilab.exercises.api_tests.suite_runs import SUITE_FILE, Evaluation, Run, evaluate, has_tests
from apilab.exercises.kernel import CellChecks
from apilab.exercises.spec import Exercise, GradedCell

SUITE_TEXT_LIMIT = 200_000  # characters of the suite file the grader reads
HIDDEN_FILE = "hidden_builds.py"  # in the instructor's copy (solutions/05-api-tests/): never released

CELLS = (
    GradedCell("passes_on_correct_builds", 2, "no test fails on the correct Flask and DRF builds (each run twice; "
               "each test that does costs half a point), and the suite catches a buggy build", "suite"),
    GradedCell("catches_visible_bugs", 6, "the suite fails on each of the ten buggy builds", "suite"),
    GradedCell("catches_hidden_bugs", 2, "the suite fails on each buggy build kept for grading", "suite"),
)
NOT_COUNTED = "the suite catches no buggy build: these points come with the first bug it catches"
HIDDEN_NOT_CAUGHT = "no test that counts failed on it"
HIDDEN_IN_NOTEBOOK = ("The hidden buggy builds run only when your notebook is graded, from outside it: this "
                      "cell's points are decided there (0 here).")
FALSE_ALARMS = 4  # the first cell's checks: each test failing on a correct build fails one (half a point)


# --- the checks of each cell, from an evaluation ------------------------------------------------

def _no_tests(problem: str) -> list[CheckResult]:
    return [CheckResult("correct builds", "the suite has tests pytest runs", False, problem)]


def _suite_problem(evaluation: Evaluation) -> str:
    problems = [run.problem for run in evaluation.correct_runs() if run.problem]
    return problems[0] if problems else f"pytest found no test in {SUITE_FILE}"


def correct_results(evaluation: Evaluation, hidden: dict[str, str]) -> list[CheckResult]:
    """``FALSE_ALARMS`` checks: the n-th passes when fewer than n tests fail on a correct build.

    Each test that fails on a correct build costs a share of the cell, whatever else the suite holds (more
    tests that pass do not dilute it); a suite that catches no buggy build passes none of them.
    """
    tests = evaluation.tests()
    if not tests:
        return _no_tests(_suite_problem(evaluation))
    keys = [bug.name for bug in BUGS] + [f"hidden:{name}" for name in hidden]
    if not any(evaluation.caught_by(key) for key in keys):
        return [CheckResult("correct builds", _allowance(number), False, NOT_COUNTED)
                for number in range(1, FALSE_ALARMS + 1)]
    alarms = [(test, problem) for test in tests if (problem := evaluation.first_problem_on_correct(test))]
    results = []
    for number in range(1, FALSE_ALARMS + 1):
        passed = len(alarms) < number
        message = "" if passed else "; ".join(f"{test} {problem}" for test, problem in alarms[:3])
        results.append(CheckResult("correct builds", _allowance(number), passed, message))
    return results


def _allowance(number: int) -> str:
    return "no test fails on a correct build" if number == 1 else f"fewer than {number} tests fail on a correct build"


def _not_caught(evaluation: Evaluation, key: str) -> str:
    if key.startswith("hidden:"):
        return HIDDEN_NOT_CAUGHT  # nothing a run printed: a suite could spell out what the build does
    run = evaluation.runs.get(key)
    if run is None:
        return _suite_problem(evaluation) if not evaluation.tests() else "not run"
    if run.problem and not run.outcomes:
        return run.problem
    if evaluation.failed_only_untrusted(key):
        return "only tests that fail on a correct build too failed here, and those do not count"
    if evaluation.not_confirmed(key) and evaluation.confirming_cut_short(key):
        return "a test failed here, but there was no time left to run it again: make each run of the suite faster"
    if evaluation.not_confirmed(key):
        return "a test failed here once, but not every time it ran again (does it depend on chance or time?)"
    return "every test that passes on the correct builds passed here too"


def visible_results(evaluation: Evaluation) -> list[CheckResult]:
    """One check per buggy build of ``builds``: a test that counts failed on it."""
    results = []
    for bug in BUGS:
        caught = bool(evaluation.caught_by(bug.name))
        results.append(CheckResult("buggy builds", f"fails where {bug.what}", caught,
                                   "" if caught else _not_caught(evaluation, bug.name)))
    return results


def hidden_results(evaluation: Evaluation, hidden: dict[str, str]) -> list[CheckResult]:
    """One check per hidden build, by number: never what it gets wrong."""
    results = []
    for number, name in enumerate(sorted(hidden), start=1):
        key = f"hidden:{name}"
        caught = bool(evaluation.caught_by(key))
        message = "" if caught else _not_caught(evaluation, key)
        results.append(CheckResult("hidden buggy builds", f"fails on hidden buggy build {number}", caught, message))
    return results


def cell_results(grade_id: str, evaluation: Evaluation, hidden: dict[str, str]) -> list[CheckResult]:
    """The checks of the test cell ``grade_id``."""
    if grade_id == "passes_on_correct_builds":
        return correct_results(evaluation, hidden)
    if grade_id == "catches_visible_bugs":
        return visible_results(evaluation)
    return hidden_results(evaluation, hidden)


# --- in the notebook -----------------------------------------------------------------------------

_kept_runs: dict[str, dict[str, Run]] = {}  # this kernel's runs, by the suite's hash, then build key


def _suite_hash(folder: Path) -> str:
    path = folder / SUITE_FILE
    return hashlib.sha256(path.read_bytes() if path.is_file() else b"").hexdigest()


def kernel_evaluation(folder: Path, hidden: dict[str, str]) -> Evaluation:
    """The suite in ``folder`` run on every build this kernel has not run it on yet (as the file is now)."""
    with tempfile.TemporaryDirectory(prefix="apilab-suite-") as scratch:
        copy = Path(scratch)
        if (folder / SUITE_FILE).is_file():
            shutil.copy2(folder / SUITE_FILE, copy / SUITE_FILE)
        digest = _suite_hash(copy)
        known = _kept_runs.setdefault(digest, {})
        if not has_tests(copy):
            return Evaluation(dict(known))
        evaluation = evaluate(copy, hidden, known=known)
    known.update(evaluation.runs)
    return evaluation


class SuiteCell(CellChecks):
    """A test cell of exercise 5, run in the learner's kernel."""

    def __init__(self, grade_id: str):
        super().__init__(API_TESTS, grade_id)

    def check(self, folder: str = ".", hidden: dict[str, str] | None = None) -> None:
        """Run the suite in ``folder`` on the builds (and the ``hidden`` ones) and count this cell's checks.

        The notebook has no hidden builds (they never reach a learner's kernel): the hidden cell says so.
        """
        hidden = dict(hidden or {})
        if self.grade_id == "catches_hidden_bugs" and not hidden:
            print(HIDDEN_IN_NOTEBOOK)
            return
        self.add(cell_results(self.grade_id, kernel_evaluation(Path(folder), hidden), hidden))


def run_suite(build: str = "flask", folder: str = "."):
    """Run the suite in ``folder`` once on the correct ``build`` ("flask" or "drf"): a table, one row per test."""
    import pandas as pd

    from apilab.exercises.api_tests.builds import CORRECT
    from apilab.exercises.api_tests.suite_runs import RUN_TIME_LIMIT, BuildsServer, run_once

    if build not in CORRECT:
        raise ValueError(f"build is one of {', '.join(CORRECT)}, not {build!r}")
    with tempfile.TemporaryDirectory(prefix="apilab-suite-") as scratch:
        source = Path(folder) / SUITE_FILE
        if not source.is_file():
            raise FileNotFoundError(f"no {SUITE_FILE} in {Path(folder).resolve()}: run the cell that writes it")
        shutil.copy2(source, Path(scratch) / SUITE_FILE)
        with BuildsServer() as server:
            problem = server.use({"build": build})
            if problem:
                raise RuntimeError(f"the {build} build could not be served: {problem}")
            run = run_once(Path(scratch), build, server.url, None, RUN_TIME_LIMIT)
    if run.problem and not run.outcomes:
        print(run.problem)
    return pd.DataFrame([(test, outcome, message) for test, (outcome, message) in run.outcomes.items()],
                        columns=["test", "outcome", "first line of failure"])


# --- in the verification process ---------------------------------------------------------------

def suite_file(answer) -> dict:
    """The text of ``test_products_api.py`` as the answer cells left it."""
    path = Path(SUITE_FILE)
    if not path.is_file():
        raise FileNotFoundError(f"no {SUITE_FILE} was written by the answer cells")
    with path.open(encoding="utf-8", errors="replace") as text:
        return {"text": text.read(SUITE_TEXT_LIMIT)}


# --- in the grader -----------------------------------------------------------------------------

def hidden_builds(module_text: str) -> dict[str, str]:
    """{function name: the module's text} for each public function of the instructor's hidden-builds module.

    Read as a syntax tree, never run here: the builds server runs each function, one at a time.
    """
    try:
        tree = ast.parse(module_text or "")
    except (SyntaxError, ValueError, RecursionError):
        return {}
    return {node.name: module_text for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}


def decide(runner, problem: str) -> Iterator[tuple[str, list[CheckResult]]]:
    """Every cell from outside: the suite run on every build, each run in the sandbox."""
    hidden = hidden_builds(getattr(runner, "instructor_files", {}).get(HIDDEN_FILE, ""))
    reply = {"error": problem} if problem else runner.ask("suite_file")
    text = reply.get("text")
    with tempfile.TemporaryDirectory(prefix="apilab-suite-") as scratch:
        folder = Path(scratch)
        if isinstance(text, str):
            (folder / SUITE_FILE).write_text(text[:SUITE_TEXT_LIMIT], encoding="utf-8")
        if not isinstance(text, str) or not has_tests(folder):
            why = f"checked from outside: {reply.get('error') or f'pytest found no test in {SUITE_FILE}'}"
            evaluation = Evaluation({"flask#1": Run("flask#1", problem=why)})
        else:
            evaluation = evaluate(folder, hidden, runner.sandbox_wrap(folder), confirm=True)
    for cell in CELLS:
        yield cell.grade_id, cell_results(cell.grade_id, evaluation, hidden)


API_TESTS = Exercise(
    assignment="05-api-tests",
    builds="a pytest suite for the Products API, graded by the buggy builds it catches",
    released_after="07-Testing-An-API.ipynb",
    cells=CELLS,
    decide=decide,
    ops={"suite_file": suite_file},
    instructor_files=(HIDDEN_FILE,),
    outside_only=("catches_hidden_bugs",),
    answer_files=(SUITE_FILE,),
    # The builds server the test cells start in the graded kernel serves the lessons' builds.
    answers_visible=("lessons/products_builds.py", "lessons/products_drf_build.py", "lessons/buggy_builds.py",
                     "lessons/builds_server.py"),
)
