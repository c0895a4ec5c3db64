"""The gradebook, shared by grading processes: read a score, keep a verified one, wait while sqlite is busy.

Developer notes: nbgrader's Autograde writes to the gradebook several times per
submission. Several processes on one sqlite file worked here without a single
"database is locked", but sqlite only waits 5 s for a lock, so a call that still
meets one is made again (``retry_when_locked``; nbgrader removes a half-done
autograded copy itself). The gradebook and the assignment are created once, in
the parent, before any worker starts: creating a new gradebook runs alembic,
which must not race.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

LOCK_RETRIES = 4  # attempts when a shared sqlite gradebook is busy ("database is locked")
LOCK_WAIT_S = 2.0  # first wait before retrying; doubles each time
LOCKED = "database is locked"


def _reports_lock(result: Any) -> bool:
    """True for an nbgrader API result that failed because the gradebook was locked."""
    if not isinstance(result, dict) or result.get("success", True):
        return False
    return LOCKED in (result.get("log") or "") + (result.get("error") or "")


def retry_when_locked(call: Callable, *args):
    """``call(*args)``, made again (waiting longer each time) while a shared sqlite gradebook is locked.

    A lock shows as sqlalchemy's OperationalError or as an nbgrader API result saying so; the last
    attempt's error is raised, or its result returned.
    """
    import sqlalchemy.exc

    wait = LOCK_WAIT_S
    for _ in range(LOCK_RETRIES - 1):
        try:
            result = call(*args)
        except sqlalchemy.exc.OperationalError as error:
            if LOCKED not in str(error):
                raise
        else:
            if not _reports_lock(result):
                return result
        time.sleep(wait)
        wait *= 2
    return call(*args)  # the last attempt: its error is raised, its result returned


def read_score(api, assignment: str, student: str) -> tuple[float | None, float, bool]:
    """(score, max_score, needs_manual_grade) from the gradebook."""
    from nbgrader.api import MissingEntry

    with api.gradebook as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return None, gradebook.find_assignment(assignment).max_score, False
        return submission.score, submission.max_score, submission.needs_manual_grade


REGISTER_FOLDER = ".grading/registering"  # where registering writes the student version it does not keep


def prepare_gradebook(api, assignment: str) -> bool:
    """Create the gradebook (alembic) and make sure the assignment is in it, before workers share it.

    An assignment the gradebook does not know is registered from its source (solutions/): nbgrader's
    generate_assignment fills the gradebook, writing its student version to a scratch folder, so the
    released exercises are left as they are. Returns True when it registered the assignment.
    """
    import shutil
    from pathlib import Path

    from nbgrader.api import MissingEntry
    from nbgrader.utils import temp_attrs

    with api.gradebook as gradebook:
        try:
            gradebook.find_assignment(assignment)
            return False
        except MissingEntry:
            pass
    root = Path(api.coursedir.root)
    source = root / api.coursedir.source_directory / assignment
    if not source.is_dir():
        raise ValueError(f"assignment {assignment!r} is not in the gradebook, and there is no "
                         f"{api.coursedir.source_directory}/{assignment}/ to register it from: check the name, or run "
                         f"`nbgrader generate_assignment {assignment}` in the course folder")
    scratch = root / REGISTER_FOLDER
    try:
        with temp_attrs(api.coursedir, release_directory=REGISTER_FOLDER):
            result = api.generate_assignment(assignment, force=True, create=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not result.get("success"):
        last = [line for line in (result.get("error") or result.get("log") or "").splitlines() if line.strip()]
        reason = last[-1] if last else "no reason given"
        raise ValueError(f"could not register {assignment!r} in the gradebook: {reason}")
    return True


def keep_verified(gradebook, assignment: str, student: str, notebook_id: str,
                  verification, config=None, kernel_skipped: tuple[str, ...] = ()) -> list[str]:
    """Write the verified points into the gradebook where they differ; return the flags saying so (or none).

    nbgrader set a late submission's penalty from the score the notebook reported; with the points changed,
    the penalty is set again from the verified score, by the late-submission plugin of ``config``. A cell whose
    checks the graded kernel left to the grader (``kernel_skipped``, ``checks_once``) reports 0 in an honest
    notebook: anything else there is flagged.
    """
    reported_total = verified_total = possible_total = 0.0
    changed, forged = [], []
    skipped = set(kernel_skipped)
    for grade_id, points in verification.points.items():
        grade = gradebook.find_grade(grade_id, notebook_id, assignment, student)
        reported = float(grade.auto_score or 0.0)
        if grade_id in skipped and abs(reported) > 0.011:
            forged.append(f"{grade_id} {reported:g}")
        reported_total += reported
        verified_total += points
        possible_total += float(grade.max_score)
        if abs(reported - points) > 0.011:
            changed.append(grade_id)
            grade.auto_score = points
    flags = [f"the notebook reported points for cells it does not check while graded ({', '.join(forged)}): its "
             f"code changed what the test cells report, or ran their checks itself; the verified points are "
             f"kept"] if forged else []
    if not changed:
        return flags
    gradebook.db.commit()
    reassess_late_penalty(gradebook, assignment, student, notebook_id, config)
    quiet = set(getattr(verification, "outside_only", ())) | skipped
    changed = [grade_id for grade_id in changed if grade_id not in quiet]
    if not changed:  # only cells a notebook does not decide differed: nothing to look at
        return flags
    return flags + [f"the notebook reported {reported_total:g}/{possible_total:g}; checked from outside, the API "
                    f"earns {round(verified_total, 2):g}/{possible_total:g} (kept in the gradebook; cells "
                    f"{', '.join(changed)})"]


def reassess_late_penalty(gradebook, assignment: str, student: str, notebook_id: str, config=None) -> None:
    """Set the notebook's late penalty again from its score now, as nbgrader's AssignLatePenalties does."""
    from nbgrader.preprocessors import AssignLatePenalties

    submission = gradebook.find_submission(assignment, student)
    notebook = gradebook.find_submission_notebook(notebook_id, assignment, student)
    notebook.late_submission_penalty = None
    if submission.total_seconds_late > 0:
        assigner = AssignLatePenalties(config=config) if config is not None else AssignLatePenalties()
        assigner.init_plugin()
        penalty = assigner.plugin_inst.late_submission_penalty(student, notebook.score, submission.total_seconds_late)
        if penalty is not None:
            notebook.late_submission_penalty = assigner._check_late_penalty(notebook, penalty)
    gradebook.db.commit()
