"""The processes that grade a class, one per CPU: each grades the submissions it is handed, in turn.

Spawned, not forked, so that no thread or socket of the caller leaks into them. Each makes one
NbGraderAPI and reuses it for every submission it grades, so it pays nbgrader's start once; and it
skips jsonschema's IRI grammar (``skip_iri_grammar``), half of that start.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context


def skip_iri_grammar() -> None:
    """Keep ``rfc3987_syntax`` from being imported in this process (call it before anything imports jsonschema).

    jsonschema imports it for its "iri" format checks, and it builds its Lark grammars as it is imported: about
    1 CPU-second, in every process that imports nbformat or nbgrader (jsonschema issue 1428). No schema
    nbformat, nbgrader or the course checks has that format; jsonschema leaves the check out when the import
    fails.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


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
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

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
