"""Check a submission's graded cells again from outside the learner's process.

After nbgrader has executed a submission, ``verify_notebook`` copies the
release's files and notebook, holding the learner's answer cells and the code
cells they added (nothing else the learner sent), into a working copy, starts
the verification process there (``Runner``: in the ``sandbox``, without
network, when bwrap works), and lets the assignment's exercise
(``apilab.exercises.EXERCISES``) decide every graded cell from the grader's
side: it asks the process to serve the learner's app or export what the
learner's code made, and runs its checks in this process. The learner's code
cannot change these checks or how their result is shown. ``record`` keeps one
cell's checks and points; ``apilab.grading.gradebook.keep_verified`` writes
the points into the gradebook.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from apilab.contract.report import CheckResult, per_check
from apilab.exercises import EXERCISES, GradedCell
from apilab.grading.limits import in_force
from apilab.grading.runner import Runner


@dataclass
class Verification:
    """The points each contract-graded cell earned, checked from outside; and what went wrong running it."""

    points: dict[str, float] = field(default_factory=dict)
    possible: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    sandboxed: bool = False
    limits: str = ""  # the limits the verification process ran under, in words
    checks: list[dict] = field(default_factory=list)  # every check run: cell, group, check, passed, message
    outside_only: tuple[str, ...] = ()  # cells only the grader decides (no flag when the notebook differs)


ADDED = "apilab_added"  # metadata key marking a code cell the learner added (it runs with the answers)


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def working_copy(notebook: Path, released: Path, target: Path, answer_files: tuple[str, ...] = ()) -> Path:
    """Copy the release's files into ``target``, its notebook holding the learner's answers; return its path.

    The release's cells are kept (its setup and test cells, whatever the learner did to them), each
    answer cell holding the learner's source; code cells the learner added (ids the release does not
    have) are kept where the learner put them and marked ``ADDED``, so a helper kept in a cell of its
    own runs too. Answer cells the learner deleted keep the release's source. ``answer_files`` are files the
    answer cells write (exercise 5's suite): never copied from the release, so a stray copy there cannot
    stand in for the learner's.
    """
    import nbformat

    for path in released.rglob("*"):
        relative = path.relative_to(released)
        if path.is_file() and path.suffix != ".ipynb" and "__pycache__" not in relative.parts \
                and str(relative) not in answer_files:
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


def record(verification: Verification, cell: GradedCell, results: list[CheckResult]) -> None:
    """Keep one cell's checks, run from outside, and the points they earn."""
    verification.points[cell.grade_id] = cell.earned(results)
    verification.possible[cell.grade_id] = float(cell.points)
    verification.checks += [{"cell": cell.grade_id, "group": r.group, "check": r.check, "passed": r.passed,
                             "message": r.message} for r in per_check(results)]


def instructor_files(source: Path | None, names: tuple[str, ...]) -> dict[str, str]:
    """{name: text} of the files ``names`` in the instructor's copy of the assignment (its folder ``source``)."""
    found = {}
    for name in names:
        path = None if source is None else Path(source) / name
        if path is not None and path.is_file():
            found[name] = path.read_text(encoding="utf-8")
    return found


def verify_notebook(assignment: str, notebook: Path, released: Path,
                    source: Path | None = None) -> Verification | None:
    """Verify the graded cells of ``notebook`` (an executed submission) from outside; None when not verified.

    ``source`` is the instructor's copy of the assignment (its folder): an exercise that needs files of it
    (``Exercise.instructor_files``: exercise 5's hidden builds) reads them as ``runner.instructor_files``.
    """
    exercise = EXERCISES.get(assignment)
    if exercise is None:
        return None
    verification = Verification(outside_only=exercise.outside_only)
    with tempfile.TemporaryDirectory(prefix="apilab-verify-") as folder:
        workdir = Path(folder)
        try:
            copy = working_copy(notebook, released, workdir, exercise.answer_files)
        except ValueError as error:
            verification.problems.append(str(error))
            return verification
        runner = None
        try:
            runner = Runner(copy, assignment, workdir, exercise.answers_visible,
                            count_queries=exercise.counts_queries)
            runner.instructor_files = instructor_files(source, exercise.instructor_files)
            missing = [name for name in exercise.instructor_files if name not in runner.instructor_files]
            if missing:
                verification.problems.append(f"the instructor's copy of {assignment} has no {', '.join(missing)} "
                                             f"(looked in {source}): what it holds was not run")
            if runner.count_problem:
                verification.problems.append(f"the SQL queries were counted in the answer's own process, which "
                                             f"its code could get around ({runner.count_problem})")
            verification.sandboxed = runner.sandboxed
            verification.limits = in_force() if runner.sandboxed else "none: no sandbox"
            started = _started(runner, verification)
            for grade_id, results in exercise.decide(runner, str(started.get("error", ""))):
                record(verification, exercise.cell(grade_id), results)
        except Exception as error:  # a bug, or the learner's code garbling the exchange: no cell keeps its
            # notebook's score, which that code could have set; each cell not decided earns 0, saying why
            verification.problems.append(f"the check from outside could not finish ({type(error).__name__}: "
                                         f"{str(error)[:200]}): the cells it did not decide earn 0")
            for cell in exercise.cells:
                verification.points.setdefault(cell.grade_id, 0.0)
                verification.possible.setdefault(cell.grade_id, float(cell.points))
        finally:
            if runner is not None:
                runner.stop()
    return verification
