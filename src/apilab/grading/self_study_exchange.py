"""nbgrader exchange plugins for a learner working alone: Submit grades, the Assignment List shows the score.

``make lab`` sets ``APILAB_SELF_STUDY=1`` and the course's ``nbgrader_config.py``
then names these two classes as nbgrader's ``ExchangeFactory.submit`` and
``ExchangeFactory.list`` (a class on a hub keeps nbgrader's own):

- ``SelfStudySubmit`` submits as nbgrader does, then at once releases the next
  exercise (``self_study.prepare``), offers the model answer
  (``self_study_grade.offer_model_solution``) and starts the course's grading in
  the background (``self_study_grade``), so the Submit button returns in a
  moment while the grading runs.
- ``SelfStudyList`` lists as nbgrader does, and adds to each submission's time
  where its grading stands: "being graded (12 s so far)", "scored 7 of 9" or
  why it could not be graded. Once the feedback is released the Assignment List
  says "feedback available to fetch" and Fetch Feedback brings it into
  ``my-work/<exercise>/feedback/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from nbgrader.exchange.default import ExchangeList, ExchangeSubmit
from nbgrader.utils import get_username

from apilab.grading.self_study_status import STATUS_FOLDER, describe, read_status, write_status

SELF_STUDY_SWITCH = "APILAB_SELF_STUDY"


class SelfStudySubmit(ExchangeSubmit):
    """nbgrader's submit, then: the next exercise released, the model answer offered, the grading started."""

    def start(self):
        super().start()
        from apilab.grading import self_study
        from apilab.grading.self_study_grade import offer_model_solution

        root = Path(self.coursedir.root)
        assignment = self.coursedir.assignment_id
        student = self.assignment_filename.split("+", 1)[0] if self.assignment_filename else get_username()
        write_status(root, assignment, self.timestamp, state="grading", started=time.time())
        start_grading(root, assignment, student, self.timestamp)
        try:  # the submission is in: what follows never turns it into a failed Submit
            self_study.prepare(root)
            offer_model_solution(root, assignment, self.assignment_dir)
        except Exception:
            self.log.exception("Submitted %s; releasing the next exercise or the model answer failed", assignment)


def start_grading(course_root: Path, assignment: str, student: str, submitted_at: str) -> subprocess.Popen:
    """Start ``self_study_grade`` in its own session, its output in ``.grading/self-study/<assignment>.log``."""
    log_path = Path(course_root) / STATUS_FOLDER / f"{assignment}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != SELF_STUDY_SWITCH}
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "apilab.grading.self_study_grade", "--course", str(course_root),
             "--student", student, "--submitted-at", submitted_at, assignment],
            cwd=course_root, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    threading.Thread(target=process.wait, name=f"self-study grading of {assignment}", daemon=True).start()
    return process


class SelfStudyList(ExchangeList):
    """nbgrader's list; each submission's time also says where its grading stands."""

    def parse_assignments(self):
        assignments = super().parse_assignments()
        if not (self.inbound or self.cached):
            return assignments
        now = time.time()
        for assignment in assignments:
            records = read_status(self.coursedir.root, assignment["assignment_id"])
            for submission in assignment.get("submissions", []):
                words = describe(records.get(submission["timestamp"]), now)
                if words:
                    submission["timestamp"] = f"{submission['timestamp']} · {words}"
        return assignments
