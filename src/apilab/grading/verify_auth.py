"""Exercise 4 checked from outside the learner's kernel: ``check_auth_cells`` is its ``verify.VERIFIERS`` check.

Each token cell's checks (``apilab.contract.auth_cells``) run in the grader's
process against the API the answer process serves, with keys the grader picks
(``auth_ops``). For the settings cells the answer process only hands over the
text of ``production_settings.py``; the grader writes it into a folder of its
own (never the working copy, which the answer process can write to) and runs Django's deployment check and the settings read with the course's
code, in a new process inside the sandbox (importing settings runs the
learner's code) and without network.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from apilab.contract.auth_cells import (
    ASSIGNMENT,
    SETTINGS_CHECKS,
    cell_points,
    check_names,
    failed,
    settings_result,
    token_results,
)
from apilab.contract.graded_cells import AUTH_CELLS
from apilab.contract.report import CheckResult
from apilab.grading.sandbox import sandbox_command, sandbox_problem

OPS_MODULE = "apilab.grading.auth_ops"


class NotServed(RuntimeError):
    """The answer process could not serve or prepare what the grader asked for."""


class RunnerTarget:
    """The answer process as a ``auth_cells.Target``: it serves, the grader checks."""

    def __init__(self, runner, framework: str):
        self.runner = runner
        self.framework = framework

    def _ask(self, op: str, wanted: str, **params) -> dict:
        reply = self.runner.ask(op, **params)
        if wanted not in reply:
            raise NotServed(f"checked from outside: {reply.get('error', 'no reason given')}")
        return reply

    def serve(self, keys: list[str]) -> str:
        if self.framework == "django":
            self._ask("make_tokens", "done", keys=keys)
            return self._ask("serve", "url")["url"]
        return self._ask("serve_tokens", "url", keys=keys)["url"]

    def serve_two(self, keys: list[str]) -> tuple[list[str], bool]:
        reply = self._ask("serve_two_tokens", "urls", keys=keys)
        return reply["urls"], bool(reply.get("same"))

    def delete_token(self, key: str) -> None:
        self._ask("delete_token", "done", key=key)


def settings_folder(runner, parent: Path) -> tuple[Path | None, str]:
    """Write the answer's production_settings.py into a new folder in ``parent``; (folder, problem).

    ``parent`` is the grader's own (not the working copy, which the answer process can write to).
    """
    reply = runner.ask("settings_file")
    if not isinstance(reply.get("text"), str):
        return None, f"checked from outside: {reply.get('error', 'no settings file')}"
    folder = parent / "settings"
    folder.mkdir()
    (folder / "production_settings.py").write_text(reply["text"], encoding="utf-8")
    return folder, ""


def sandboxed(folder: Path, hidden: list[str]):
    """A ``wrap`` running a command in the sandbox, without network, ``folder`` its only writable place."""
    if sandbox_problem():
        return None
    return lambda argv: sandbox_command(argv, folder, hidden, network=False)


def check_auth_cells(runner, assignment: str, started: dict, verification) -> None:
    """Run every test cell of exercise 4 from outside: token cells on the served apps, settings in a sandbox."""
    with tempfile.TemporaryDirectory(prefix="apilab-settings-") as parent:
        folder, problem = (None, "") if "error" in started else settings_folder(runner, Path(parent))
        _check_cells(runner, started, verification, folder, problem)


def _check_cells(runner, started: dict, verification, folder: Path | None, settings_problem: str) -> None:
    hidden = runner.hidden
    for grade_id, (framework, groups, points) in AUTH_CELLS[ASSIGNMENT].items():
        if framework == "settings":
            if folder is None:
                reason = settings_problem or f"checked from outside: {started['error']}"
                results = [CheckResult(groups[0], SETTINGS_CHECKS[grade_id], False, reason)] * 2
            else:
                wrap = sandboxed(folder, hidden)
                results = [settings_result(grade_id, str(folder), other, wrap) for other in (False, True)]
        elif "error" in started:
            reason = f"checked from outside: {started['error']}"
            results = [*failed(check_names(framework, groups, False), reason),
                       *failed(check_names(framework, groups, True), reason)]
        else:
            target = RunnerTarget(runner, framework)
            results = [*token_results(target, groups), *token_results(target, groups, other_values=True)]
        verification.points[grade_id] = cell_points(grade_id, results)
        verification.possible[grade_id] = float(points)
        verification.checks += [{"cell": grade_id, "group": r.group, "check": r.check, "passed": r.passed,
                                 "message": r.message} for r in results]
