"""Autograde a class in parallel with nbgrader, check each graded cell again from outside, flag what needs a look.

``autograde_class("01-flask-api")`` autogrades every submission of an assignment
under ``submitted/`` with nbgrader's own ``Autograde`` (through ``NbGraderAPI``),
a few at a time in worker processes, so a class grades about as fast as its
notebooks run: each worker pays nbgrader's start-up once, not once per
submission. Beside nbgrader's run, each submission is verified from outside
(``verify``) and the verified points are kept in the gradebook. Every submission
gets a ``GradedSubmission``: its score from the gradebook and ``flags`` that say,
in words, what an instructor should look at (``flags``). ``apilab grade-class
ASSIGNMENT`` (``grade_class``) is the same from a terminal.

Developer notes: the worker processes are in ``workers``; the gradebook is
prepared in the parent first (``gradebook.prepare_gradebook``).
"""

from __future__ import annotations

import glob
import os
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apilab.contract.client import NO_RESPONSE
from apilab.grading import flags as submission_flags
from apilab.grading.course_config import load_course_config, make_api, submitted_students
from apilab.grading.gradebook import keep_verified, prepare_gradebook, read_score, retry_when_locked
from apilab.grading.notes import save_notes
from apilab.grading.text import plain
from apilab.grading.workers import graded_in_workers

NOT_GRADED = "autograde failed"  # how a flag saying the submission could not be graded starts
NO_ANSWER = f"; got {NO_RESPONSE} ("  # in a check's message when the app did not answer (contract.client.Exchange)


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
        """One line for a terminal: student, score, flags (learners' text in them escaped and cut)."""
        score = "-" if self.score is None else f"{self.score:g}"
        flags = f"  [{'; '.join(plain(flag, 400) for flag in self.flags)}]" if self.flags else ""
        return f"{plain(self.student, 24):<24} {score:>6} / {self.max_score:g}  {self.seconds:6.1f} s{flags}"

    @property
    def failed(self) -> bool:
        """True when nbgrader could not autograde the submission at all."""
        return any(flag.startswith(NOT_GRADED) for flag in self.flags)


def _autograde(api, assignment: str, student: str, leave_out: list[str]) -> dict:
    """nbgrader's autograde of one submission, leaving the files named ``leave_out`` out of the graded copy."""
    ignore = list(api.coursedir.ignore)
    api.coursedir.ignore = ignore + [glob.escape(name) for name in leave_out]
    try:
        return api.autograde(assignment, student, force=True, create=True)
    finally:
        api.coursedir.ignore = ignore


def _start_verification(api, assignment: str, student: str):
    """Start checking the submission's graded cells from outside, beside nbgrader's run; None if none."""
    from concurrent.futures import ThreadPoolExecutor

    from apilab.exercises import EXERCISES
    from apilab.grading.verify import verify_notebook

    released = Path(api.coursedir.format_path(api.coursedir.release_directory, ".", assignment))
    notebook = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment)) / \
        f"{assignment}.ipynb"
    if assignment not in EXERCISES or not notebook.is_file():
        return None
    pool = ThreadPoolExecutor(1, thread_name_prefix="verify")
    source = Path(api.coursedir.format_path(api.coursedir.source_directory, ".", assignment))
    future = pool.submit(verify_notebook, assignment, notebook, released, source)
    pool.shutdown(wait=False)
    return future


def unanswered(verification) -> list[str]:
    """A flag when checks from outside got no response from the app: a crash, a stall, a machine too busy
    (with ``checks_once``, no score of the kernel's stands beside the verified one to show the difference)."""
    silent = sum(not check["passed"] and NO_ANSWER in check["message"] for check in verification.checks)
    return [f"checked from outside: {silent} check(s) got no response from the app (it crashed, stalled or "
            f"answered too late, or the machine was too busy?): worth a look"] if silent else []


def _keep_verification(api, assignment: str, student: str, future) -> list[str]:
    """Keep the verified score in the gradebook; flags saying where it differed or what went wrong."""
    from apilab.exercises import EXERCISES
    from apilab.grading.checks_once import gradebook_cells_checked_outside

    verification = future.result()
    flags = [f"checked from outside: {plain(problem, 300)}" for problem in verification.problems[:1]]
    flags += unanswered(verification)
    if verification.points:
        checks_outside = api.config.SandboxedExecute.get("checks_outside", False)

        def keep(gradebook) -> list[str]:
            skipped = gradebook_cells_checked_outside(gradebook, assignment, EXERCISES.get(assignment)) \
                if checks_outside else ()  # the graded kernel left these cells' checks to the grader
            return keep_verified(gradebook, assignment, student, assignment, verification, api.config, skipped)

        with api.gradebook as gradebook:
            flags += retry_when_locked(keep, gradebook)
    save_notes(api, assignment, student, {"flags": flags, "checks": verification.checks,
                                          "sandboxed": verification.sandboxed, "limits": verification.limits})
    return flags


def grade_one(api, assignment: str, student: str, verify: bool = True) -> GradedSubmission:
    """Autograde one submission with ``api``, verify it, read its score and flags; never raises.

    Whatever goes wrong grading one learner (a notebook nbgrader cannot read, a bug), that learner is
    flagged "not graded: <reason>" and kept in the gradebook, and the class goes on.
    """
    started = time.monotonic()
    try:
        return _grade(api, assignment, student, verify, started)
    except Exception as error:
        reason = plain(f"{type(error).__name__}: {error}", 200)
        flag = f"{NOT_GRADED}: {reason}; not graded"
        try:
            _keep_in_gradebook(api, assignment, student)
            score, max_score, _ = retry_when_locked(read_score, api, assignment, student)
            save_notes(api, assignment, student, {"flags": [flag], "score": score, "max_score": max_score})
        except Exception:  # the gradebook itself failed: say so in the line, grade the others
            score, max_score = None, 0.0
        return GradedSubmission(assignment, student, score, max_score, [flag], time.monotonic() - started)


def _keep_in_gradebook(api, assignment: str, student: str) -> None:
    """Make sure the gradebook holds a submission of ``student`` with no points after a failed grading.

    nbgrader saves each cell's score, as the notebook reported it, as it goes: one that failed on a later cell
    leaves the earlier ones in the gradebook, unverified. They are set to 0.
    """
    from nbgrader.api import MissingEntry

    with api.gradebook as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            gradebook.update_or_create_student(student)
            gradebook.add_submission(assignment, student)
            return
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.auto_score:
                    grade.auto_score = 0.0
        gradebook.db.commit()


def _grade(api, assignment: str, student: str, verify: bool, started: float) -> GradedSubmission:
    flags = submission_flags.changed_course_files(api, assignment, student) + \
        submission_flags.tampered_cells(api, assignment, student)
    unsafe, leave_out = submission_flags.unsafe_files(api, assignment, student)
    flags += unsafe
    extra = [name for name in submission_flags.extra_files(api, assignment, student) if name not in leave_out]
    if extra:
        shown = ", ".join(plain(name, 60) for name in extra[:5])
        flags.append(f"files the release did not contain were left out of grading (they shadow nothing): "
                     f"{shown}{', ...' if len(extra) > 5 else ''}")
    verifying = _start_verification(api, assignment, student) if verify else None
    result = retry_when_locked(_autograde, api, assignment, student, extra + leave_out)
    text = (result.get("log") or "") + (result.get("error") or "")
    flags += submission_flags.from_log(text)
    if verifying is not None and result["success"]:
        flags += _keep_verification(api, assignment, student, verifying)
    elif verifying is not None:
        verifying.result()  # not graded: nothing to keep, but its process ends before this submission's grading
    if not result["success"] and not any(flag.startswith(NOT_GRADED) for flag in flags):
        last = [line for line in (result.get("error") or text).strip().splitlines() if line.strip()]
        flags.append(f"{NOT_GRADED}: {plain(last[-1], 200) if last else 'no reason given'}; not graded")
    folder = Path(api.coursedir.format_path(api.coursedir.autograded_directory, student, assignment))
    released = Path(api.coursedir.format_path(api.coursedir.release_directory, ".", assignment))
    flags += submission_flags.from_notebooks(folder, sorted(path.name for path in released.glob("*.ipynb")))
    if not result["success"]:
        _keep_in_gradebook(api, assignment, student)
    score, max_score, needs_manual = retry_when_locked(read_score, api, assignment, student)
    if needs_manual and result["success"]:
        flags.append("needs manual grade")
    save_notes(api, assignment, student, {"flags": flags, "score": score, "max_score": max_score})
    return GradedSubmission(assignment, student, score, max_score, flags, time.monotonic() - started, text)


def _sandboxed(config, checks_outside: bool) -> Any:
    """``config`` with nbgrader's kernels started in the sandbox; with ``checks_outside``, the cells the grader
    checks from outside run their checks only there (``checks_once``)."""
    from traitlets.config import Config

    from apilab.grading.sandbox import autograde_preprocessors, sandbox_problem

    if sandbox_problem():
        warnings.warn(f"grading without a sandbox: {sandbox_problem()}", RuntimeWarning, stacklevel=3)
        return config
    merged = Config(config)
    merged.merge(Config({"Autograde": {"autograde_preprocessors": autograde_preprocessors()},
                         "SandboxedExecute": {"checks_outside": checks_outside}}))
    return merged


def autograde_submissions(submissions: Iterable[tuple[str, str]], jobs: int | None = None,
                          course_root: str | os.PathLike = ".", config: Any = None, *,
                          verify: bool = True, sandbox: bool = True, progress=None,
                          checks_once: bool = True) -> list[GradedSubmission]:
    """Autograde (assignment, student) pairs with ``jobs`` processes, in the order given; results in that order.

    Put the slowest first: each process takes the next pair when it is free. ``verify`` re-checks
    graded cells from outside the learner's process and keeps that score; ``sandbox`` runs
    learners' code in bubblewrap (both on by default; a benchmark turns them off to measure their cost).
    ``checks_once`` (with both): the kernel leaves the checks of cells with hidden tests to the check from
    outside (``checks_once``); False runs them in the kernel as well, for a benchmark to compare.
    ``progress``, if given, hears of the run as it goes: ``progress.start(total)``, then
    ``progress.graded(submission)`` as each submission is graded (``apilab.grading.progress``).
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
        if prepare_gradebook(api, assignment) and progress is not None:
            progress.note(f"{assignment} was not in the gradebook: registered it from its source folder "
                          f"({api.coursedir.source_directory}/{assignment}/).")
    if sandbox:
        merged = _sandboxed(merged, verify and checks_once)
        api = make_api(merged)
    jobs = min(jobs or os.cpu_count() or 1, len(pairs))
    heard = progress.graded if progress is not None else None
    if progress is not None:
        progress.start(len(pairs))
    graded = graded_in_workers(pairs, jobs, merged, verify, heard)
    for assignment, student in pairs:  # a worker that died took its submission with it: one at a time again
        if (assignment, student) not in graded:
            alone = graded_in_workers([(assignment, student)], 1, merged, verify)
            graded[assignment, student] = alone.get((assignment, student)) or GradedSubmission(
                assignment, student, None, 0.0,
                [f"{NOT_GRADED}: the grading process ended while grading it (out of memory?); not graded"])
            if heard is not None:
                heard(graded[assignment, student])
    return [graded[pair] for pair in pairs]


def autograde_class(assignment: str, students: Iterable[str] | None = None, jobs: int | None = None,
                    course_root: str | os.PathLike = ".", config: Any = None, *,
                    verify: bool = True, sandbox: bool = True, progress=None,
                    checks_once: bool = True) -> list[GradedSubmission]:
    """Autograde ``students``' submissions (default: every one under submitted/) with ``jobs`` processes.

    ``jobs`` defaults to the number of CPUs; ``config`` (a traitlets Config or dict) is merged over the
    course's nbgrader_config.py; ``verify``, ``sandbox``, ``progress`` and ``checks_once`` as in
    ``autograde_submissions``. Returns one GradedSubmission per student, in student order.
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
                                 verify=verify, sandbox=sandbox, progress=progress, checks_once=checks_once)
