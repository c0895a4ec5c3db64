"""A late submission's penalty follows the verified score, and an extension makes it on time."""

from __future__ import annotations

import datetime
import warnings

import pytest
from nbgrader.api import Gradebook
from traitlets.config import Config

from apilab.grading.gradebook import keep_verified
from apilab.grading.verify import Verification

DUE = datetime.datetime(2026, 11, 2, 12, 0)
ZERO_WHEN_LATE = Config({"LateSubmissionPlugin": {"penalty_method": "zero"}})


@pytest.fixture
def gradebook(tmp_path):
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook, warnings.catch_warnings():
        # nbgrader 0.9.6's add_submission, under SQLAlchemy 2, warns of its own autoflush.
        warnings.filterwarnings("ignore", r"Object of type <Submitted\w+> not in session")
        gradebook.add_assignment("01-flask-api", duedate=DUE)
        gradebook.add_notebook("01-flask-api", "01-flask-api")
        gradebook.add_grade_cell("contract", "01-flask-api", "01-flask-api", max_score=10, cell_type="code")
        gradebook.add_student("alice")
        gradebook.add_submission("01-flask-api", "alice", timestamp=DUE + datetime.timedelta(hours=5))
        grade = gradebook.find_grade("contract", "01-flask-api", "01-flask-api", "alice")
        grade.auto_score = 0.0  # what the notebook reported; nbgrader's penalty was set from it: 0
        gradebook.find_submission_notebook("01-flask-api", "01-flask-api", "alice").late_submission_penalty = 0.0
        gradebook.db.commit()
        yield gradebook


def test_a_late_submission_is_penalised_on_its_verified_score(gradebook):
    [flag] = keep_verified(gradebook, "01-flask-api", "alice", "01-flask-api",
                           Verification(points={"contract": 10.0}, possible={"contract": 10.0}), ZERO_WHEN_LATE)
    submission = gradebook.find_submission("01-flask-api", "alice")
    assert "earns 10/10" in flag
    # nbgrader keeps the raw score and the penalty; what it exports is their difference.
    assert (submission.score, submission.late_submission_penalty) == (10.0, 10.0)


def test_an_extension_makes_the_same_submission_on_time(gradebook):
    gradebook.grant_extension("01-flask-api", "alice", days=1)
    keep_verified(gradebook, "01-flask-api", "alice", "01-flask-api",
                  Verification(points={"contract": 10.0}, possible={"contract": 10.0}), ZERO_WHEN_LATE)
    submission = gradebook.find_submission("01-flask-api", "alice")
    assert submission.total_seconds_late == 0
    assert (submission.score, submission.late_submission_penalty) == (10.0, 0.0)


def test_an_extension_granted_after_grading_lifts_the_penalty_grading_set(gradebook):
    from apilab.grading.extensions import grant
    from apilab.grading.gradebook import reassess_late_penalty

    reassess_late_penalty(gradebook, "01-flask-api", "alice", "01-flask-api", ZERO_WHEN_LATE)
    gradebook.find_grade("contract", "01-flask-api", "01-flask-api", "alice").auto_score = 8.0
    gradebook.db.commit()
    reassess_late_penalty(gradebook, "01-flask-api", "alice", "01-flask-api", ZERO_WHEN_LATE)
    assert gradebook.find_submission("01-flask-api", "alice").late_submission_penalty == 8.0
    line = grant(gradebook, "01-flask-api", "alice", datetime.timedelta(days=1), ZERO_WHEN_LATE)
    assert line == ("alice: 01-flask-api with an extension of 1 day, 0:00:00: due 2026-11-03 12:00 UTC; "
                    "the submission is on time, late penalty 0")
    assert gradebook.find_submission("01-flask-api", "alice").late_submission_penalty == 0.0
    with pytest.raises(ValueError, match="no assignment '02-drf-api' or no learner 'alice'"):
        grant(gradebook, "02-drf-api", "alice", None, ZERO_WHEN_LATE)


def test_a_cell_only_the_grader_decides_raises_no_flag_when_the_notebook_differs(gradebook):
    verification = Verification(points={"contract": 10.0}, possible={"contract": 10.0}, outside_only=("contract",))
    assert keep_verified(gradebook, "01-flask-api", "alice", "01-flask-api", verification) == []
    assert gradebook.find_grade("contract", "01-flask-api", "01-flask-api", "alice").auto_score == 10.0


def test_a_cell_the_kernel_left_to_the_grader_is_flagged_only_when_the_notebook_reports_points(gradebook):
    """checks_once: an honest kernel reports 0 there; the verified points are kept either way."""
    verification = Verification(points={"contract": 10.0}, possible={"contract": 10.0})
    assert keep_verified(gradebook, "01-flask-api", "alice", "01-flask-api", verification,
                         kernel_skipped=("contract",)) == []
    grade = gradebook.find_grade("contract", "01-flask-api", "01-flask-api", "alice")
    assert grade.auto_score == 10.0
    grade.auto_score = 10.0  # what a notebook whose code rebound the test cells' points reports
    verification = Verification(points={"contract": 3.0}, possible={"contract": 10.0})
    [flag] = keep_verified(gradebook, "01-flask-api", "alice", "01-flask-api", verification,
                           kernel_skipped=("contract",))
    assert "reported points for cells it does not check while graded (contract 10)" in flag
    assert grade.auto_score == 3.0
