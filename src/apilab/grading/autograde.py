"""Autograde a whole class in parallel with nbgrader, and say which submissions need a look.

``autograde_class("01-flask-api")`` autogrades every submission of an assignment
under ``submitted/`` with nbgrader's own ``Autograde`` (through ``NbGraderAPI``),
a few at a time in worker processes, so a class grades about as fast as its
notebooks run: each worker pays nbgrader's start-up once, not once per
submission. Every submission gets a ``GradedSubmission``: its score from the
gradebook and ``flags`` that say, in words, what an instructor should look at
(the kernel died, a cell was interrupted, a read-only cell was edited or deleted
and restored, output was cut, answers need a manual grade). ``apilab
grade-class ASSIGNMENT`` is the same from a terminal.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Iterable

CONFIG_FILE = "nbgrader_config.py"
LOCK_RETRIES = 4  # attempts when a shared sqlite gradebook is busy ("database is locked")
LOCK_WAIT_S = 2.0  # first wait before retrying; doubles each time

# Developer notes: nbgrader's Autograde writes to the gradebook several times per
# submission. Several processes on one sqlite file worked here without a single
# "database is locked", but sqlite only waits 5 s for a lock, so a submission that
# still meets one is graded again (nbgrader removes the half-done autograded copy
# itself). The gradebook and the assignment are created once, in the parent,
# before any worker starts: creating a new gradebook runs alembic, which must not
# race. Workers are spawned (not forked) so no thread or socket of the caller leaks
# into them.


@dataclass
class GradedSubmission:
    """One learner's autograded submission: score, maximum, and what needs an instructor's look."""

    assignment: str
    student: str
    score: float | None
    max_score: float
    flags: list[str] = field(default_factory=list)
    seconds: float = 0.0
    log: str = ""

    @property
    def flagged(self) -> bool:
        """True when an instructor should look at this submission."""
        return bool(self.flags)

    def line(self) -> str:
        """One line for a terminal: student, score, flags."""
        score = "-" if self.score is None else f"{self.score:g}"
        flags = f"  [{'; '.join(self.flags)}]" if self.flags else ""
        return f"{self.student:<24} {score:>6} / {self.max_score:g}  {self.seconds:6.1f} s{flags}"

    @property
    def failed(self) -> bool:
        """True when nbgrader could not autograde the submission at all."""
        return any(flag.startswith("autograde failed") for flag in self.flags)


def load_course_config(course_root: str | os.PathLike = ".", overrides: Any = None):
    """Return the traitlets Config of the course's nbgrader_config.py, with ``overrides`` merged on top."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(course_root).resolve()
    if not (root / CONFIG_FILE).is_file():
        raise ValueError(f"no {CONFIG_FILE} in {root}: pass course_root=<the course folder>")
    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    if overrides is not None:
        if not isinstance(overrides, (dict, Config)):
            raise TypeError(f"overrides must be a traitlets Config or a dict, got {type(overrides).__name__}")
        config.merge(Config(overrides))
    return config


def make_api(config):
    """An NbGraderAPI on ``config``, with the venv's programs (alembic) on PATH."""
    from nbgrader.apps import NbGraderAPI

    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    return NbGraderAPI(config=config)


def submitted_students(api, assignment: str) -> list[str]:
    """The ids of the students with a submission of ``assignment`` under submitted/."""
    pattern = api.coursedir.format_path(api.coursedir.submitted_directory, "*", assignment)
    return sorted(Path(path).parent.name for path in glob.glob(pattern) if os.path.isdir(path))


def _tampered_cells(api, assignment: str, student: str) -> list[str]:
    """Flags for read-only cells (tests, setup) the submission deleted or edited; autograde restores tests."""
    import nbformat

    released = Path(api.coursedir.format_path(api.coursedir.release_directory, ".", assignment))
    submitted = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment))
    flags = []
    for original in sorted(released.glob("*.ipynb")):
        theirs = submitted / original.name
        if not theirs.is_file():
            continue
        try:
            cells = {_grade_id(cell): cell for cell in nbformat.read(theirs, as_version=4).cells}
        except Exception as error:  # not a notebook: nbgrader's autograde fails on it and says so
            flags.append(f"{original.name} is not a notebook nbgrader can read "
                         f"({type(error).__name__}: {str(error).splitlines()[0][:80]})")
            continue
        for cell in nbformat.read(original, as_version=4).cells:
            nbgrader = cell.get("metadata", {}).get("nbgrader", {})
            if not nbgrader.get("locked"):
                continue
            name, is_test = nbgrader.get("grade_id"), nbgrader.get("grade", False)
            if name not in cells:
                restored = "restored and run" if is_test else "not restored"
                flags.append(f"{'test' if is_test else 'read-only'} cell {name} was deleted ({restored})")
            elif cells[name].source.strip() != cell.source.strip():
                flags.append(f"read-only cell {name} was edited (restored and run)")
    return flags


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _flags_from_log(log: str) -> list[str]:
    """What nbgrader's log says it could not do, in words."""
    flags = []
    if "DeadKernelError" in log or "Kernel died" in log:
        flags.append("autograde failed: the kernel died (os._exit, a crash or out of memory); not graded")
    elif "UnresponsiveKernelError" in log or "became unresponsive" in log:
        flags.append("autograde failed: the kernel stopped responding and could not be interrupted; not graded")
    return flags


def _flags_from_notebooks(folder: Path) -> list[str]:
    """Cells interrupted at the time limit and output cut short, read from the autograded notebooks."""
    import nbformat

    flags, flooded = [], []
    for path in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            name = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                    flags.append(f"{name} ran past the time limit and was interrupted")
                elif output.get("output_type") == "stream" and "... Output truncated ..." in output.get("text", ""):
                    flooded.append(name)
    if flooded:
        names = list(dict.fromkeys(flooded))
        flags.append(f"printed too much: output cut short in {len(names)} cell{'s' if len(names) > 1 else ''} "
                     f"({', '.join(names[:4])}{', ...' if len(names) > 4 else ''})")
    return list(dict.fromkeys(flags))


def _score(api, assignment: str, student: str) -> tuple[float | None, float, bool]:
    """(score, max_score, needs_manual_grade) from the gradebook."""
    from nbgrader.api import MissingEntry

    with api.gradebook as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return None, gradebook.find_assignment(assignment).max_score, False
        return submission.score, submission.max_score, submission.needs_manual_grade


def _changed_course_files(api, assignment: str, student: str) -> list[str]:
    """Flags for course files (not notebooks) a submission changed; autograde puts the course's copy back."""
    import filecmp
    import fnmatch

    source = Path(api.coursedir.format_path(api.coursedir.source_directory, ".", assignment))
    submitted = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment))
    ignored = list(api.coursedir.ignore) + ["*.ipynb"]
    flags = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if not path.is_file() or any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in ignored):
            continue
        theirs = submitted / relative
        if theirs.is_file() and not filecmp.cmp(path, theirs, shallow=False):
            flags.append(f"course file {relative} was changed in the submission (graded with the course's copy)")
    return flags


def _retry_when_locked(read, *args):
    """Call ``read(*args)``, waiting and trying again while a shared sqlite gradebook is locked."""
    import sqlalchemy.exc

    wait = LOCK_WAIT_S
    for attempt in range(LOCK_RETRIES):
        try:
            return read(*args)
        except sqlalchemy.exc.OperationalError as error:
            if "database is locked" not in str(error) or attempt == LOCK_RETRIES - 1:
                raise
        time.sleep(wait)
        wait *= 2


def _extra_files(api, assignment: str, student: str) -> list[str]:
    """Top-level files and folders of a submission that the release did not contain (notebooks aside)."""
    released = Path(api.coursedir.format_path(api.coursedir.release_directory, ".", assignment))
    submitted = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment))
    known = {path.name for path in released.iterdir()} if released.is_dir() else set()
    bookkeeping = {"timestamp.txt", "submission_secret.txt", ".ipynb_checkpoints", "__pycache__"}
    return sorted(path.name for path in submitted.iterdir()
                  if path.name not in known | bookkeeping and path.suffix != ".ipynb")


def _autograde(api, assignment: str, student: str, leave_out: list[str]) -> dict:
    """nbgrader's autograde of one submission, leaving ``leave_out`` out of the graded copy."""
    ignore = list(api.coursedir.ignore)
    api.coursedir.ignore = ignore + leave_out
    try:
        return api.autograde(assignment, student, force=True, create=True)
    finally:
        api.coursedir.ignore = ignore


def _start_verification(api, assignment: str, student: str):
    """Start checking the submission's contract-graded cells from outside, beside nbgrader's run; None if none."""
    from concurrent.futures import ThreadPoolExecutor

    from apilab.grading.verify import VERIFIERS, verify_notebook

    released = Path(api.coursedir.format_path(api.coursedir.release_directory, ".", assignment))
    notebook = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment)) / \
        f"{assignment}.ipynb"
    if assignment not in VERIFIERS or not notebook.is_file():
        return None
    pool = ThreadPoolExecutor(1, thread_name_prefix="verify")
    future = pool.submit(verify_notebook, assignment, notebook, released, hidden_paths(api))
    pool.shutdown(wait=False)
    return future


def _keep_verification(api, assignment: str, student: str, future) -> list[str]:
    """Keep the verified score in the gradebook; flags saying where it differed or what went wrong."""
    from apilab.grading.verify import keep_verified

    verification = future.result()
    flags = [f"checked from outside: {problem}" for problem in verification.problems[:1]]
    if verification.points:
        with api.gradebook as gradebook:
            kept = _retry_when_locked(keep_verified, gradebook, assignment, student, assignment, verification)
        flags += [kept] if kept else []
    save_notes(api, assignment, student, {"flags": flags, "checks": verification.checks,
                                          "sandboxed": verification.sandboxed})
    return flags


NOTES_FOLDER = ".grading"  # in the course folder: what grading found, per assignment and student (not feedback)


def notes_path(api, assignment: str, student: str) -> Path:
    """Where grading keeps one submission's flags and check results for the instructor's view."""
    return Path(api.coursedir.root) / NOTES_FOLDER / assignment / f"{student}.json"


def save_notes(api, assignment: str, student: str, notes: dict) -> None:
    """Write (or update) one submission's notes: flags, check results."""
    import json

    path = notes_path(api, assignment, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(path.read_text()) if path.is_file() else {}
    path.write_text(json.dumps({**old, **notes}, indent=1))


def hidden_paths(api) -> list[str]:
    """What learners' code must not see while it is graded: the course folder, the exchange, the gradebook."""
    paths = [api.coursedir.root]
    exchange = api.config.get("Exchange", {}).get("root")
    if exchange:
        paths.append(str(exchange))
    url = api.coursedir.db_url
    if url.startswith("sqlite:///"):
        paths.append(url[len("sqlite:///"):])
    return [str(Path(path).resolve()) for path in paths]


def grade_one(api, assignment: str, student: str, verify: bool = True) -> GradedSubmission:
    """Autograde one submission with ``api`` (retrying a busy gradebook), verify it, read its score and flags."""
    started = time.monotonic()
    changed = _changed_course_files(api, assignment, student) + _tampered_cells(api, assignment, student)
    extra = _extra_files(api, assignment, student)
    if extra:
        changed.append(f"files the release did not contain were left out of grading (they shadow nothing): "
                       f"{', '.join(extra[:5])}{', ...' if len(extra) > 5 else ''}")
    verifying = _start_verification(api, assignment, student) if verify else None
    wait = LOCK_WAIT_S
    for attempt in range(LOCK_RETRIES):
        result = _autograde(api, assignment, student, extra)
        text = (result.get("log") or "") + (result.get("error") or "")
        if result["success"] or "database is locked" not in text or attempt == LOCK_RETRIES - 1:
            break
        time.sleep(wait)
        wait *= 2
    flags = changed + _flags_from_log(text)
    if verifying is not None and result["success"]:
        flags += _keep_verification(api, assignment, student, verifying)
    elif verifying is not None:
        verifying.result()  # not graded: nothing to keep, but its process ends before this submission's grading
    if not result["success"] and not any(flag.startswith("autograde failed") for flag in flags):
        last = [line for line in (result.get("error") or text).strip().splitlines() if line.strip()]
        flags.append(f"autograde failed: {last[-1][:200] if last else 'no reason given'}; not graded")
    folder = Path(api.coursedir.format_path(api.coursedir.autograded_directory, student, assignment))
    flags += _flags_from_notebooks(folder)
    score, max_score, needs_manual = _retry_when_locked(_score, api, assignment, student)
    if needs_manual and result["success"]:
        flags.append("needs manual grade")
    save_notes(api, assignment, student, {"flags": flags, "score": score, "max_score": max_score})
    return GradedSubmission(assignment, student, score, max_score, flags, time.monotonic() - started, text)


def prepare_gradebook(api, assignment: str) -> None:
    """Create the gradebook (alembic) and check the assignment is in it, before workers share it."""
    from nbgrader.api import MissingEntry

    with api.gradebook as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(f"assignment {assignment!r} is not in the gradebook: "
                             f"run `nbgrader generate_assignment {assignment}` first") from None


_worker_api = None


def _start_worker(config) -> None:
    """Worker initializer: one NbGraderAPI per process, reused for every submission it grades."""
    global _worker_api
    _worker_api = make_api(config)


def _grade_in_worker(assignment: str, student: str, verify: bool) -> GradedSubmission:
    return grade_one(_worker_api, assignment, student, verify)


def _sandboxed(config, api) -> Any:
    """``config`` with nbgrader's kernels started in the sandbox; the paths to hide go in the environment."""
    from traitlets.config import Config

    from apilab.grading.sandbox import HIDE_VARIABLE, autograde_preprocessors, sandbox_problem

    if sandbox_problem():
        warnings.warn(f"grading without a sandbox: {sandbox_problem()}", RuntimeWarning, stacklevel=3)
        return config
    os.environ[HIDE_VARIABLE] = os.pathsep.join(hidden_paths(api))
    merged = Config(config)
    merged.merge(Config({"Autograde": {"autograde_preprocessors": autograde_preprocessors()}}))
    return merged


def autograde_submissions(submissions: Iterable[tuple[str, str]], jobs: int | None = None,
                          course_root: str | os.PathLike = ".", config: Any = None, *,
                          verify: bool = True, sandbox: bool = True) -> list[GradedSubmission]:
    """Autograde (assignment, student) pairs with ``jobs`` processes, in the order given; results in that order.

    Put the slowest first: each process takes the next pair when it is free. ``verify`` re-checks
    contract-graded cells from outside the learner's process and keeps that score; ``sandbox`` runs
    learners' code in bubblewrap (both on by default; a benchmark turns them off to measure their cost).
    """
    pairs = [tuple(pair) for pair in submissions]
    if any(len(pair) != 2 or not all(isinstance(part, str) for part in pair) for pair in pairs):
        raise TypeError("submissions must be (assignment, student) pairs of strings")
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise ValueError(f"jobs must be a whole number of processes, 1 or more, got {jobs!r}")
    if not pairs:
        return []
    merged = load_course_config(course_root, config)
    api = make_api(merged)
    for assignment in dict.fromkeys(assignment for assignment, _ in pairs):
        prepare_gradebook(api, assignment)
    from apilab.grading.sandbox import HIDE_VARIABLE

    before = os.environ.get(HIDE_VARIABLE)
    try:
        if sandbox:
            merged = _sandboxed(merged, api)
            api = make_api(merged)
        jobs = min(jobs or os.cpu_count() or 1, len(pairs))
        if jobs == 1:
            return [grade_one(api, assignment, student, verify) for assignment, student in pairs]
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_start_worker,
                                 initargs=(merged,)) as pool:
            futures = [pool.submit(_grade_in_worker, assignment, student, verify) for assignment, student in pairs]
            return [future.result() for future in futures]
    finally:
        if before is None:
            os.environ.pop(HIDE_VARIABLE, None)
        else:
            os.environ[HIDE_VARIABLE] = before


def autograde_class(assignment: str, students: Iterable[str] | None = None, jobs: int | None = None,
                    course_root: str | os.PathLike = ".", config: Any = None, *,
                    verify: bool = True, sandbox: bool = True) -> list[GradedSubmission]:
    """Autograde ``students``' submissions (default: every one under submitted/) with ``jobs`` processes.

    ``jobs`` defaults to the number of CPUs; ``config`` (a traitlets Config or dict) is merged over the
    course's nbgrader_config.py; ``verify`` and ``sandbox`` as in ``autograde_submissions``. Returns one
    GradedSubmission per student, in student order.
    """
    if not isinstance(assignment, str) or not assignment.strip() or os.sep in assignment:
        raise ValueError(f"assignment must be an assignment's folder name like '01-flask-api', got {assignment!r}")
    api = make_api(load_course_config(course_root, config))
    available = submitted_students(api, assignment)
    if students is None:
        chosen = available
    else:
        chosen = [students] if isinstance(students, str) else list(students)
        missing = sorted(set(chosen) - set(available))
        if missing:
            raise ValueError(f"no submission of {assignment} under submitted/ for: {', '.join(missing)}")
    return autograde_submissions([(assignment, student) for student in chosen], jobs, course_root, config,
                                 verify=verify, sandbox=sandbox)


def main(argv: list[str] | None = None) -> int:
    """``apilab grade-class ASSIGNMENT [--student ID ...] [--jobs N] [--course DIR]``; 1 when any could not be graded."""
    parser = argparse.ArgumentParser(
        prog="apilab grade-class",
        description="Autograde every submission of an assignment in parallel (nbgrader autograde, one "
                    "process per core), then list scores and what needs a look.")
    parser.add_argument("assignment", help="the assignment, e.g. 01-flask-api")
    parser.add_argument("--student", action="append", dest="students", help="grade only this student (repeatable)")
    parser.add_argument("--jobs", type=int, help="processes at once (default: one per CPU)")
    parser.add_argument("--course", default=".", help="the course folder holding nbgrader_config.py (default: .)")
    options = parser.parse_args(argv)
    started = time.monotonic()
    try:
        graded = autograde_class(options.assignment, options.students, options.jobs, options.course)
    except (TypeError, ValueError) as error:
        parser.error(str(error))
    if not graded:
        print(f"No submissions of {options.assignment} under submitted/ (run `nbgrader collect` first).")
        return 0
    for submission in graded:
        print(submission.line())
    flagged = sum(submission.flagged for submission in graded)
    failed = sum(submission.failed for submission in graded)
    print(f"{len(graded)} submissions autograded in {time.monotonic() - started:.1f} s; {flagged} flagged "
          f"for a look, {failed} could not be graded.")
    return 1 if failed else 0
