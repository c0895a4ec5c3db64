"""The processes that grade a class, one per CPU: each grades the submissions it is handed, in turn.

Spawned, not forked, so that no thread or socket of the caller leaks into them. Each makes one
NbGraderAPI and reuses it for every submission it grades, so it pays nbgrader's start once; and it
skips jsonschema's IRI grammar (``skip_iri_grammar``), half of that start.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from apilab.grading.iri_grammar import skip_iri_grammar

_api = None


def start(config) -> None:
    """A worker's initializer: one NbGraderAPI for the process."""
    global _api
    skip_iri_grammar()
    from apilab.grading.course_config import make_api

    _api = make_api(config)


def grade(assignment: str, student: str, verify: bool):
    """A worker's task: ``autograde.grade_one`` of one submission with the process's NbGraderAPI."""
    from apilab.grading.autograde import grade_one

    return grade_one(_api, assignment, student, verify)


def graded_in_workers(pairs: list[tuple[str, str]], jobs: int, config, verify: bool, heard=None) -> dict:
    """{(assignment, student): GradedSubmission} of the pairs graded before any worker process died.

    ``heard(submission)`` is called as each one is graded, in the order they finish.
    """
    graded = {}
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=start, initargs=(config,)) as pool:
        futures = {pool.submit(grade, assignment, student, verify): (assignment, student)
                   for assignment, student in pairs}
        for future in as_completed(futures):
            try:
                graded[futures[future]] = future.result()
            except BrokenProcessPool:
                continue
            if heard is not None:
                heard(graded[futures[future]])
    return graded
