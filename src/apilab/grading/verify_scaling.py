"""Re-decide exercise 3's (03-scaling) test cells in the grader's process, from what the learner's code produced.

``verify.VERIFIERS["03-scaling"]`` runs ``check_scaling``: the runner (``scaling_ops``)
exports the two app files, ``results`` and ``fig`` as plain data; the app files are
served and measured by ``apilab.measure.scaling_probe``, a program this process
starts in the grading sandbox (not in the runner); and every test cell is decided
here with the functions of ``apilab.measure.scaling_checks`` the notebook's test
cells call, visible and hidden parts together, all or nothing per cell, as nbgrader
scores it. Nothing the learner's code did inside their kernel changes these checks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

from apilab.grading.sandbox import sandbox_command
from apilab.measure import scaling_checks as checks

PROBE_TIME_LIMIT = 180.0  # seconds the probe may take to start, ask and measure both apps

CELL_POINTS = {cell: float(points) for cell, points in checks.CELLS.items()}  # the notebook's test cells


def run_probe(workdir: Path, app_folder: str, levels: dict[str, int], hidden: list[str] | None,
              sandboxed: bool) -> dict:
    """Run ``scaling_probe`` on the exported app files (in the sandbox when the runner is in one)."""
    argv = [sys.executable, "-I", "-m", "apilab.measure.scaling_probe", app_folder,
            *(f"{key}={level}" for key, level in sorted(levels.items()))]
    if sandboxed:
        argv = sandbox_command(argv, workdir, hidden or [], network=False)  # apps and client both inside
    env = {**os.environ, "PYTHONSAFEPATH": "1", "MPLBACKEND": "Agg"}
    try:
        done = subprocess.run(argv, cwd=workdir, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=env, timeout=PROBE_TIME_LIMIT)
    except subprocess.TimeoutExpired:
        return {"error": f"serving and measuring your apps took more than {PROBE_TIME_LIMIT:g} s"}
    lines = done.stdout.strip().splitlines()
    try:
        reply = json.loads(lines[-1])
    except (IndexError, ValueError):
        return {"error": f"your apps could not be served and measured (the probe ended with {done.returncode})"}
    return reply if isinstance(reply, dict) else {"error": "the probe's reply was not understood"}


def _decide(check, *args, **kwargs) -> str:
    """Run one check quietly (its notes printed nowhere); data it cannot read fails with a reason."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            problem = check.__wrapped__(*args, **kwargs)
    except Exception as error:  # malformed data from the runner: a failed check, never a crash
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


def cell_problems(exported: dict, probe: dict) -> dict[str, list[tuple[str, str, str]]]:
    """{grade_id: [(group, check, problem), ...]} for every test cell; problem "" when the check passed."""
    found = _well_formed(exported.get("results"))
    figure = _well_formed(exported.get("figure"))
    endpoints = probe.get("endpoints") if isinstance(probe.get("endpoints"), dict) else {}
    measured = probe.get("measured") if isinstance(probe.get("measured"), dict) else {}
    unserved = {"error": f"checked from outside: {probe['error']}"} if "error" in probe else None
    measured_one = _decide(checks.measured_problem, found, measured)
    return {
        "same_endpoint_in_both": [
            ("visible", target, _decide(checks.endpoint_problem, target,
                                         unserved or endpoints.get(target) or {"error": "not served"}))
            for target in checks.TARGETS.values()],
        "results_table": [
            ("visible", "results_table", _decide(checks.results_table_problem, found)),
            ("visible", "measured", measured_one),
            ("hidden", "results_table", _decide(checks.results_table_problem, found, hidden=True))],
        "results_numbers": [
            ("visible", "results_numbers", _decide(checks.results_numbers_problem, found)),
            ("visible", "measured", measured_one),
            ("hidden", "results_numbers", _decide(checks.results_numbers_problem, found, hidden=True))],
        "fig_axes_labelled": [("visible", "fig_axes", _decide(checks.fig_axes_problem, figure))],
        "fig_lines_per_framework": [
            ("visible", "fig_lines", _decide(checks.fig_lines_problem, figure, found)),
            ("hidden", "fig_lines", _decide(checks.fig_lines_problem, figure, found, hidden=True))],
    }


def check_scaling(runner, assignment: str, started: dict, verification) -> None:
    """Decide every auto-graded test cell of 03-scaling from outside (``Verifier.check``)."""
    exported = runner.ask("scaling_export") if "error" not in started else {"error": started["error"]}
    if "error" in exported:
        reason = f"your notebook's answers could not be run: {exported['error']}"
        exported = {"results": {"problem": f"checked from outside, {reason}"},
                    "figure": {"problem": f"checked from outside, {reason}"}}
        probe = {"error": reason}
    else:
        apps = Path(runner.workdir) / checks.EXPORTED_APPS
        levels = checks.levels_to_measure(_well_formed(exported.get("results")))
        probe = run_probe(Path(runner.workdir), str(apps), levels, runner.hidden, runner.sandboxed)
    for grade_id, decided in cell_problems(exported, probe).items():
        failed = [problem for _, _, problem in decided if problem]
        verification.points[grade_id] = 0.0 if failed else CELL_POINTS[grade_id]
        verification.possible[grade_id] = CELL_POINTS[grade_id]
        verification.checks += [{"cell": grade_id, "group": group, "check": check, "passed": not problem,
                                 "message": problem} for group, check, problem in decided]

