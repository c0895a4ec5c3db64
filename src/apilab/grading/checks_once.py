"""While grading with verification, a cell's checks run once: from outside, not again in the learner's kernel.

A test cell with hidden tests shows no output in the feedback (``feedback_cells``)
and its points come from the check from outside (``verify``), so running its checks
in the graded kernel as well would do the same work twice for nothing. When the
grader verifies a submission in the sandbox, it lists those cells in the kernel's
``CHECKED_OUTSIDE`` variable (``apilab.exercises.kernel``): their test cells then
run no check and report 0 points, and the gradebook gets the verified points,
without a flag for the difference; a notebook reporting anything but 0 there is
flagged (its code changed what the test cells report). Cells without hidden
tests still run in the kernel, since the feedback shows what they printed.

Both sides read the test cells' source as nbgrader keeps it in the gradebook:
the kernel's list from the notebook nbgrader runs (its test cells restored
from the gradebook), the grader's from the gradebook itself.
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests

HIDDEN_TESTS = ClearHiddenTests.begin_test_delimeter.default_value  # what starts hidden tests in a test cell


def has_hidden_tests(source: str) -> bool:
    """True when a test cell's source holds hidden tests."""
    return HIDDEN_TESTS in source


def cells_checked_outside(notebook, exercise) -> tuple[str, ...]:
    """The grade ids of ``exercise``'s test cells in ``notebook`` that have hidden tests, in notebook order;
    none when the exercise's test cells always check in the kernel (``Exercise.checks_once``)."""
    if exercise is None or not exercise.checks_once:
        return ()
    wanted = {cell.grade_id for cell in exercise.cells}
    found = []
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution") \
                and meta.get("grade_id") in wanted and has_hidden_tests(cell.get("source", "")):
            found.append(meta["grade_id"])
    return tuple(dict.fromkeys(found))


def gradebook_cells_checked_outside(gradebook, assignment: str, exercise) -> tuple[str, ...]:
    """The same cells as ``cells_checked_outside``, read in the gradebook's source cells of ``assignment``."""
    from nbgrader.api import MissingEntry

    if exercise is None or not exercise.checks_once:
        return ()
    found = []
    for cell in exercise.cells:
        try:
            source = gradebook.find_source_cell(cell.grade_id, assignment, assignment).source
        except MissingEntry:
            continue
        if has_hidden_tests(source or ""):
            found.append(cell.grade_id)
    return tuple(found)
