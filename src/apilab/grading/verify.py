"""Re-check a submission's contract-graded cells from outside the learner's process, and keep that score.

After nbgrader has executed a submission, ``verify_notebook`` copies the
release's files and notebook, holding the learner's answer cells and the code
cells they added (nothing else the learner sent), into a working copy, starts
``verify_runner`` there in a fresh process (in the ``sandbox``, without network,
when bwrap works), and runs the assignment's ``VERIFIERS`` entry: for exercises
1 and 2, each test cell of ``apilab.contract.graded_cells.EXERCISE_CELLS`` asks
the runner to serve the learner's app and runs the same contract checks, visible
and hidden, in this process; exercise 3's entry (``verify_scaling``) has the
runner export the learner's app files, ``results`` and ``fig`` as data, and
decides its cells in this process and a sandboxed probe. The
learner's code cannot change these checks or how their result is shown.
``keep_verified`` writes the verified points into the gradebook where they
differ from what the notebook reported, and returns the flag that says so.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from apilab.contract.checks import fresh_stores_report, run_checks
from apilab.contract.client import UNIX_SCHEME
from apilab.contract.graded_cells import AUTH_CELLS, EXERCISE_CELLS, earned, unserved_report
from apilab.contract.groups import FRESH_STORES
from apilab.grading.sandbox import sandbox_command, sandbox_problem
from apilab.grading.verify_scaling import CELL_POINTS as SCALING_POINTS, check_scaling
from apilab.grading.verify_auth import check_auth_cells

START_TIME_LIMIT = 180.0  # seconds the runner may take to run the setup and answer cells
REPLY_TIME_LIMIT = 90.0  # seconds one "serve" may take


@dataclass
class Verification:
    """The points each contract-graded cell earned, checked from outside; and what went wrong running it."""

    points: dict[str, float] = field(default_factory=dict)
    possible: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    sandboxed: bool = False
    checks: list[dict] = field(default_factory=list)  # every check run: cell, group, check, passed, message


class Runner:
    """The learner's answer served by ``verify_runner`` in a process of its own; ``ask`` sends one request."""

    def __init__(self, notebook: Path, framework: str, workdir: Path, hidden: list[str], ops: str = ""):
        self.workdir = Path(workdir).resolve()
        os.chmod(self.workdir, 0o700)  # the apps' sockets are made here: for this Unix user alone
        self._folder = os.open(self.workdir, os.O_PATH | os.O_DIRECTORY)
        self._sockets: list[int] = []  # the sockets checked, held open until the process stops
        self.hidden = list(hidden)  # what a subprocess a verifier starts in the sandbox must not see either
        self.sandboxed = not sandbox_problem() and bool(hidden)
        argv = [sys.executable, "-m", "apilab.grading.verify_runner", str(notebook), framework,
                "--socket-dir", str(self.workdir)]
        argv += ["--ops", ops] if ops else []
        if self.sandboxed:
            argv = sandbox_command(argv, self.workdir, hidden, network=False)
        env = {**os.environ, "PYTHONSAFEPATH": "1", "MPLBACKEND": "Agg"}
        env.pop("NBGRADER_EXECUTION", None)
        self.process = subprocess.Popen(argv, cwd=self.workdir, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, env=env)

    def _read(self, limit: float) -> dict:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if ready:
                line = self.process.stdout.readline()
                if not line:
                    return {"error": "the process serving the answer ended (it crashed or exited)"}
                try:
                    reply = json.loads(line)
                except ValueError:
                    continue
                if isinstance(reply, dict):  # the learner's code can write here too: anything else is passed over
                    return reply
        return {"error": f"no answer within {limit:g} s (an endless loop?)"}

    def start(self) -> dict:
        """Wait until the setup and answer cells have run: {"ready": True, "problems": [...]} or {"error": ...}."""
        return self._read(START_TIME_LIMIT)

    def ask(self, op: str, **params) -> dict:
        """Send one request (``params`` must be JSON); a reply's sockets are turned into URLs on this side."""
        try:
            self.process.stdin.write(json.dumps({**params, "op": op}) + "\n")
            self.process.stdin.flush()
        except OSError:
            return {"error": "the process serving the answer ended (it crashed or exited)"}
        reply = self._read(REPLY_TIME_LIMIT)
        for key, many in (("socket", False), ("sockets", True)):
            if key in reply:
                paths = reply.pop(key)
                try:
                    urls = [self.socket_url(path) for path in (paths if many else [paths])]
                except ValueError as error:
                    return {"error": str(error)}
                reply["urls" if many else "url"] = urls if many else urls[0]
        return reply

    def socket_url(self, name) -> str:
        """The ``http+unix://`` URL of the app the process serves on the Unix socket ``name`` in its working copy.

        The reply comes from a process that runs the learner's code, so it could name any socket,
        or put another one (a link, another user's) in the working copy's place later. So the socket
        is opened once (never through a link) and must be this Unix user's own; the URL reaches that
        very socket through /proc/self/fd, whatever then happens to its name, and is short whatever
        the working copy's path (a socket's path has at most 107 bytes).
        """
        name = str(name)
        if not name or "/" in name or name in (".", "..") or "\0" in name:
            raise ValueError(f"the answer process named {name[:120]!r}, not a socket in its working copy")
        try:
            handle = os.open(name, os.O_PATH | os.O_NOFOLLOW, dir_fd=self._folder)
        except OSError as error:
            raise ValueError(f"the answer process named {name[:120]!r}, which cannot be opened: "
                             f"{error.strerror}") from None
        status = os.fstat(handle)
        if not stat.S_ISSOCK(status.st_mode) or status.st_uid != os.geteuid():
            os.close(handle)
            raise ValueError(f"the answer process named {name[:120]!r}, not a socket of its own in its working copy")
        self._sockets.append(handle)
        return UNIX_SCHEME + urllib.parse.quote(f"/proc/self/fd/{handle}", safe="")

    def stop(self) -> None:
        """Stop the process."""
        if self.process.poll() is None:
            try:
                self.process.stdin.write('{"op": "quit"}\n')
                self.process.stdin.flush()
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        for handle in [*self._sockets, self._folder]:
            os.close(handle)
        self._sockets, self._folder = [], -1


ADDED = "apilab_added"  # metadata key marking a code cell the learner added (it runs with the answers)


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def working_copy(notebook: Path, released: Path, target: Path) -> Path:
    """Copy the release's files into ``target``, its notebook holding the learner's answers; return its path.

    The release's cells are kept (its setup and test cells, whatever the learner did to them), each
    answer cell holding the learner's source; code cells the learner added (ids the release does not
    have) are kept where the learner put them and marked ``ADDED``, so a helper kept in a cell of its
    own runs too. Answer cells the learner deleted keep the release's source.
    """
    import nbformat

    for path in released.rglob("*"):
        relative = path.relative_to(released)
        if path.is_file() and path.suffix != ".ipynb" and "__pycache__" not in relative.parts:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)
    try:
        theirs = nbformat.read(notebook, as_version=4)
    except Exception as error:
        raise ValueError(f"{notebook.name} is not a notebook ({type(error).__name__})") from None
    ours = nbformat.read(released / notebook.name, as_version=4)
    by_grade_id = {_nbgrader(cell).get("grade_id"): cell for cell in ours.cells if _nbgrader(cell).get("grade_id")}
    released_ids = {cell.get("id") for cell in ours.cells}
    cells, used = [], set()
    for cell in theirs.cells:
        grade_id = _nbgrader(cell).get("grade_id")
        if grade_id in by_grade_id and grade_id not in used:
            used.add(grade_id)
            kept = by_grade_id[grade_id]
            if _nbgrader(kept).get("solution"):
                kept.source = cell.source
            cells.append(kept)
        elif cell.cell_type == "code" and not grade_id and cell.get("id") not in released_ids:
            added = nbformat.v4.new_code_cell(cell.source)
            added.metadata[ADDED] = True
            cells.append(added)
    missing = [cell for cell in ours.cells if _nbgrader(cell).get("grade_id") not in used]
    ours.cells = [cell for cell in missing if _nbgrader(cell).get("grade_id") == "setup"] + cells + \
        [cell for cell in missing if _nbgrader(cell).get("grade_id") != "setup"]
    nbformat.write(ours, target / notebook.name)
    return target / notebook.name


def check_cell(runner: Runner, groups: tuple[str, ...]) -> list:
    """Run one cell's checks (visible, then hidden with other values) on apps the runner serves."""
    results = []
    if FRESH_STORES in groups:
        for _ in range(2):
            reply = runner.ask("serve_two")
            report = fresh_stores_report(reply.get("urls"), bool(reply.get("same")),
                                         problem=reply.get("error", ""))
            results += report.results
        return results
    for other_values in (False, True):
        reply = runner.ask("serve")
        if "url" in reply:
            results += run_checks(reply["url"], groups=groups, other_values=other_values).results
        else:
            reason = f"checked from outside, your app could not be served: {reply.get('error', 'no reason')}"
            results += unserved_report(groups, reason).results
    return results


def check_contract_cells(runner: Runner, assignment: str, started: dict, verification: Verification) -> None:
    """Run the checks of every contract-graded test cell of ``assignment`` (``EXERCISE_CELLS``) on the runner."""
    for grade_id, (_, groups, points) in EXERCISE_CELLS[assignment].items():
        results = check_cell(runner, groups) if "error" not in started else \
            unserved_report(groups, f"checked from outside: {started['error']}").results * 2
        verification.points[grade_id] = earned(results, points)
        verification.checks += [{"cell": grade_id, "group": r.group, "check": r.check, "passed": r.passed,
                                 "message": r.message} for r in results]
        verification.possible[grade_id] = float(points)


@dataclass(frozen=True)
class Verifier:
    """How one assignment is verified: the runner's framework and extra ops (a module), and the checks."""

    framework: str  # "flask" or "django": what the runner's "serve" serves
    check: Callable[[Runner, str, dict, Verification], None]  # (runner, assignment, start reply, verification)
    cells: dict[str, float]  # every test cell the check decides, with its points
    ops: str = ""  # a module whose OPS the runner answers besides serve and serve_two


def _points(cells: dict) -> dict[str, float]:
    """{grade id: points} of a table of graded cells, {grade id: (framework, groups, points)}."""
    return {grade_id: float(points) for grade_id, (_, _, points) in cells.items()}


VERIFIERS: dict[str, Verifier] = {
    "01-flask-api": Verifier("flask", check_contract_cells, _points(EXERCISE_CELLS["01-flask-api"])),
    "02-drf-api": Verifier("django", check_contract_cells, _points(EXERCISE_CELLS["02-drf-api"])),
    "03-scaling": Verifier("flask", check_scaling, SCALING_POINTS, ops="apilab.grading.scaling_ops"),
    "04-auth-production": Verifier("django", check_auth_cells, _points(AUTH_CELLS["04-auth-production"]),
                                   "apilab.grading.auth_ops"),
}


def _started(runner: Runner, verification: Verification) -> dict:
    """Wait for the runner's first reply; note what it says went wrong, and any trick on the display."""
    started = runner.start()
    changed = started.get("changed")
    if changed:  # first: the flag names the trick, whatever else went wrong
        verification.problems.append(
            f"the answer cells change how the notebook shows results ({'; '.join(map(str, changed))}): "
            f"what the notebook showed was not kept, the check from outside was")
    if "error" in started:
        verification.problems.append(str(started["error"]))
    verification.problems += [f"an answer cell failed: {problem}" for problem in list(started.get("problems", []))]
    return started


def verify_notebook(assignment: str, notebook: Path, released: Path, hidden: list[str]) -> Verification | None:
    """Verify the graded cells of ``notebook`` (an executed submission) from outside; None when not verified."""
    verifier = VERIFIERS.get(assignment)
    if verifier is None:
        return None
    verification = Verification()
    with tempfile.TemporaryDirectory(prefix="apilab-verify-") as folder:
        workdir = Path(folder)
        try:
            copy = working_copy(notebook, released, workdir)
        except ValueError as error:
            verification.problems.append(str(error))
            return verification
        runner = None
        try:
            runner = Runner(copy, verifier.framework, workdir, hidden, verifier.ops)
            verification.sandboxed = runner.sandboxed
            verifier.check(runner, assignment, _started(runner, verification), verification)
        except Exception as error:  # a bug, or the learner's code garbling the exchange: no cell keeps its
            # notebook's score, which that code could have set; each cell not decided earns 0, saying why
            verification.problems.append(f"the check from outside could not finish ({type(error).__name__}: "
                                         f"{str(error)[:200]}): the cells it did not decide earn 0")
            for grade_id, points in verifier.cells.items():
                verification.points.setdefault(grade_id, 0.0)
                verification.possible.setdefault(grade_id, points)
        finally:
            if runner is not None:
                runner.stop()
    return verification


def keep_verified(gradebook, assignment: str, student: str, notebook_id: str,
                  verification: Verification) -> str | None:
    """Write the verified points into the gradebook where they differ; return a flag saying so, or None."""
    reported_total = verified_total = possible_total = 0.0
    changed = []
    for grade_id, points in verification.points.items():
        grade = gradebook.find_grade(grade_id, notebook_id, assignment, student)
        reported = float(grade.auto_score or 0.0)
        reported_total += reported
        verified_total += points
        possible_total += float(grade.max_score)
        if abs(reported - points) > 0.011:
            changed.append(grade_id)
            grade.auto_score = points
    if not changed:
        return None
    gradebook.db.commit()
    return (f"the notebook reported {reported_total:g}/{possible_total:g}; checked from outside, the API earns "
            f"{round(verified_total, 2):g}/{possible_total:g} (kept in the gradebook; cells {', '.join(changed)})")
