"""Exercise 3 (``03-scaling``): both frameworks measured under load, the results as a table and a plot.

Its test cells, the spec below, are all or nothing: each passes when every
rule it runs holds. The rules work on plain data (``rules``): the learner's
``results`` and ``fig`` turned into JSON-able data, and what the two app files
answer when ``probe`` serves them in processes of their own. In the notebook,
a test cell calls the rules through the names below (what a rule warns is
printed as a note) and records each outcome with ``verdict``. From outside,
the verification process exports the app files, ``results`` and ``fig`` as
data (``export``), the grader runs ``probe`` on the app files in the sandbox,
and decides every cell with the same rules (``decide``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from apilab.contract.report import CheckResult
from apilab.exercises.kernel import cell_run, kept_aside, noted
from apilab.exercises.scaling import probe, rules, standins
from apilab.exercises.spec import Exercise, GradedCell

MAX_APP_BYTES = 1_000_000  # an app file larger than this is not exported
PROBE_TIME_LIMIT = 180.0  # seconds the probe may take to start and ask both apps
DELAYED = "delayed"  # the variant of the verification run with the stand-in apps (standins)

CELLS = (
    GradedCell("same_endpoint_in_both", 2, "Part 1: both apps answer GET /api/products/ with 200 and a JSON array "
               "equal to PRODUCTS", "data", all_or_nothing=True),
    GradedCell("results_table", 2, "Part 2: results is a DataFrame with the five columns, both frameworks, one row "
               "per framework and level", "data", all_or_nothing=True),
    GradedCell("results_numbers", 2, "Part 2: every measurement is a positive number and the median latency is at "
               "most the 99th percentile", "data", all_or_nothing=True),
    GradedCell("fig_axes_labelled", 1, "Part 3: fig is a matplotlib Figure with a labelled x axis and a labelled "
               "y axis", "data", all_or_nothing=True),
    GradedCell("fig_lines_per_framework", 2, "Part 3: fig has one line per framework, labelled like "
               "results['framework'], plotting its requests_per_s", "data", all_or_nothing=True),
)

# --- in the notebook: the rules, printing what they warn as notes ------------------------------

TARGETS = rules.TARGETS
results_found = noted(rules.results_found)
figure_found = noted(rules.figure_found)
endpoint_problem = noted(rules.endpoint_problem)
results_table_problem = noted(rules.results_table_problem)
results_numbers_problem = noted(rules.results_numbers_problem)
fig_axes_problem = noted(rules.fig_axes_problem)
fig_lines_problem = noted(rules.fig_lines_problem)
ask_endpoint = noted(probe.ask_endpoint)
measured_problem_here = noted(probe.measured_problem_here)


def _run_number() -> int:
    """The kernel's execution count: which run of a cell a verdict belongs to (0 outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return 0
    shell = get_ipython()
    return int(getattr(shell, "execution_count", 0) or 0)


def verdict(grade_id: str, problem: str) -> None:
    """Record what the test cell ``grade_id`` found, for ``summary()``; fail (AssertionError) when ``problem``."""
    checks = cell_run(SCALING, grade_id, _run_number())
    checks.add([CheckResult(grade_id, f"{grade_id} ({len(checks.results) + 1})", not problem, problem)])
    assert not problem, problem


# --- in the verification process ---------------------------------------------------------------

def _close_figures(result=None) -> None:
    """Close every matplotlib figure, as Jupyter's inline backend does after each cell."""
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def prepare(variant: dict | None = None) -> None:
    """Make the verification process behave as the graded kernel: NBGRADER_EXECUTION set, figures closed per cell.

    The setup cell cuts the load short while grading, and a ``plt.gcf()`` in a later cell finds an
    empty figure there too. In the ``DELAYED`` variant, before each cell the app files of Part 1 are
    replaced by stand-ins that the grader answers after a delay of its own: the learner's measurement
    of Part 2 measures them.
    """
    from IPython.core.interactiveshell import InteractiveShell

    os.environ.setdefault("NBGRADER_EXECUTION", "autograde")
    shell = InteractiveShell.instance()
    shell.events.register("post_run_cell", _close_figures)
    variant = variant or {}
    if variant.get("name") == DELAYED and isinstance(variant.get("address"), str):
        address = variant["address"]
        shell.events.register("pre_run_cell", lambda info: _swap_in_standins(shell.user_ns, address))


def _swap_in_standins(namespace: dict, address: str) -> None:
    folder = namespace.get("APP_FOLDER")
    if not isinstance(folder, str) or not os.path.isdir(folder):
        return
    for name in app_names():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
            file.write(standins.app_source(name, address))


def app_names() -> list[str]:
    """The file names of Part 1's two apps."""
    return [f"{spec.split(':')[0]}.py" for spec in rules.TARGETS.values()]


def export(answer) -> dict:
    """The two app files of Part 1 as text ({name: text}, or None when missing), results and fig as plain data."""
    namespace = answer.namespace
    folder = namespace.get("APP_FOLDER")
    apps = {}
    for name in app_names():
        source = Path(str(folder)) / name if isinstance(folder, (str, os.PathLike)) else None
        if source is not None and source.is_file() and source.stat().st_size <= MAX_APP_BYTES:
            apps[name] = source.read_text(encoding="utf-8", errors="replace")
        else:
            apps[name] = None
    return {"apps": apps, "results": rules.results_found(namespace), "figure": rules.figure_found(namespace)}


def write_apps(exported: dict, folder: Path) -> None:
    """Write the app files the verification process exported into ``folder``, the grader's own."""
    apps = exported.get("apps") if isinstance(exported.get("apps"), dict) else {}
    for name in app_names():
        text = apps.get(name)
        if isinstance(text, str) and len(text) <= MAX_APP_BYTES:
            (folder / name).write_text(text, encoding="utf-8")


# --- in the grader -----------------------------------------------------------------------------

def run_probe(runner, app_folder: Path, levels: dict[str, int]) -> dict:
    """Run ``probe`` on the exported app files (in a sandbox of its own when the runner is in one)."""
    argv = [sys.executable, "-I", "-m", "apilab.exercises.scaling.probe", str(app_folder),
            *(f"{key}={level}" for key, level in sorted(levels.items()))]
    wrap = runner.sandbox_wrap(app_folder)
    inside = {"PYTHONSAFEPATH": "1", "MPLBACKEND": "Agg"}
    argv = wrap(argv, inside) if wrap else argv  # apps and client both inside
    env = {**os.environ, **inside}
    try:
        done = subprocess.run(argv, cwd=app_folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=env, timeout=PROBE_TIME_LIMIT)
    except subprocess.TimeoutExpired:
        return {"error": f"serving and measuring your apps took more than {PROBE_TIME_LIMIT:g} s"}
    lines = done.stdout.strip().splitlines()
    try:
        reply = json.loads(lines[-1])
    except (IndexError, ValueError, RecursionError):
        return {"error": f"your apps could not be served and measured (the probe ended with {done.returncode})"}
    return reply if isinstance(reply, dict) else {"error": "the probe's reply was not understood"}


def run_delayed(runner) -> dict:
    """The learner's cells run again in a verification process of their own, the apps swapped for stand-ins the
    grader answers after a secret delay: what that run exported, with the delay and the requests answered."""
    with standins.StandIns(rules.PRODUCTS) as answering:
        again = runner.variant({"name": DELAYED, "address": answering.address}, sockets=(answering.address,))
        try:
            started = again.start()
            reply = {"error": started["error"]} if "error" in started else again.ask("scaling_export")
        finally:
            again.stop()
        # Set last: the grader's own figures, whatever keys the reply held.
        return {**reply, "delay_ms": answering.delay_ms, "served": dict(answering.served)}


def _decide(rule, *args, **kwargs) -> str:
    """Run one rule quietly (what it warns goes nowhere); data it cannot read fails with a reason."""
    try:
        with kept_aside([]):
            problem = rule(*args, **kwargs)
    except Exception as error:  # malformed data from the verification process: a failed check, never a crash
        return f"checked from outside, what your notebook produced could not be read ({type(error).__name__})"
    return str(problem)


def _well_formed(found) -> dict:
    """``found`` if it is the shape ``results_found``/``figure_found`` give, else a problem saying so."""
    if isinstance(found, dict) and isinstance(found.get("problem"), str):
        return found
    if isinstance(found, dict) and isinstance(found.get("columns"), list) and isinstance(found.get("rows"), list):
        return found
    if isinstance(found, dict) and isinstance(found.get("axes"), list):
        return found
    return {"problem": "checked from outside, what your notebook produced could not be read"}


def cell_problems(exported: dict, measured: dict, delayed: dict | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """{grade_id: [(group, check, problem), ...]} for every test cell; problem "" when the check passed.

    ``measured`` is the probe's answer (the two apps asked); ``delayed`` what the verification process's
    second run, with the stand-in apps, exported.
    """
    found = _well_formed(exported.get("results"))
    figure = _well_formed(exported.get("figure"))
    endpoints = measured.get("endpoints") if isinstance(measured.get("endpoints"), dict) else {}
    unserved = {"error": f"checked from outside: {measured['error']}"} if "error" in measured else None
    slowed = _well_formed((delayed or {}).get("results")) if "error" not in (delayed or {}) else \
        {"problem": f"checked from outside, the second run failed: {delayed['error']}"}
    measured_one = _decide(rules.measured_against_delay_problem, found, slowed, (delayed or {}).get("delay_ms", 0.0),
                           (delayed or {}).get("served", {}))
    return {
        "same_endpoint_in_both": [
            ("visible", target, _decide(rules.endpoint_problem, target,
                                         unserved or endpoints.get(target) or {"error": "not served"}))
            for target in rules.TARGETS.values()],
        "results_table": [
            ("visible", "results_table", _decide(rules.results_table_problem, found)),
            ("visible", "measured", measured_one),
            ("hidden", "results_table", _decide(rules.results_table_problem, found, hidden=True))],
        "results_numbers": [
            ("visible", "results_numbers", _decide(rules.results_numbers_problem, found)),
            ("visible", "measured", measured_one),
            ("hidden", "results_numbers", _decide(rules.results_numbers_problem, found, hidden=True))],
        "fig_axes_labelled": [("visible", "fig_axes", _decide(rules.fig_axes_problem, figure))],
        "fig_lines_per_framework": [
            ("visible", "fig_lines", _decide(rules.fig_lines_problem, figure, found)),
            ("hidden", "fig_lines", _decide(rules.fig_lines_problem, figure, found, hidden=True))],
    }


def decide(runner, problem: str) -> Iterator[tuple[str, list[CheckResult]]]:
    """Every test cell decided from outside, from the data the verification process exported."""
    exported = runner.ask("scaling_export") if not problem else {"error": problem}
    delayed = None
    if "error" in exported:
        reason = f"your notebook's answers could not be run: {exported['error']}"
        exported = {"results": {"problem": f"checked from outside, {reason}"},
                    "figure": {"problem": f"checked from outside, {reason}"}}
        measured = {"error": reason}
    else:
        with tempfile.TemporaryDirectory(prefix="apilab-scaling-apps-") as folder:
            write_apps(exported, Path(folder))
            measured = run_probe(runner, Path(folder), {})
        delayed = run_delayed(runner)
    for grade_id, decided in cell_problems(exported, measured, delayed).items():
        yield grade_id, [CheckResult(group, check, not problem, problem) for group, check, problem in decided]


SCALING = Exercise(
    assignment="03-scaling",
    builds="measurements of both frameworks under load (`results`) and their plot (`fig`)",
    released_after="12-Scalability.ipynb",
    cells=CELLS,
    decide=decide,
    ops={"scaling_export": export},
    prepare=prepare,
    checks_once=False,
)
