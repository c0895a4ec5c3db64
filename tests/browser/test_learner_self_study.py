"""A learner studying alone opens the course the way ``make lab`` does, fetches, answers, submits, gets a score.

``make lab`` runs ``apilab.grading.self_study.prepare`` before JupyterLab starts: it
releases the exercises that are due into a local exchange, makes ``my-work/`` and
switches on self-study grading. On a fresh course that is the first exercise only.
In JupyterLab, nbgrader's Assignment List offers it, and Fetch puts the learner's
copy in ``my-work/`` (git-ignored), never in ``exercises/``. Validate, then Submit:
the course grades the submission in the background, the Assignment List shows the
score beside the submission, Fetch Feedback brings the feedback page, the model
answer waits in ``my-work/model-solutions/`` and the next exercise is offered,
all without a restart.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from assignment_list_steps import shipped_exercises, validate_submit_and_wait_for_the_score
from grading_support import answer_with_the_model

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
FETCHED = "01-flask-api"


def first_exercise() -> str:
    """The exercise a fresh course offers: the first of the course's path."""
    return shipped_exercises()[0]


@pytest.fixture(scope="module")
def self_study_lab(start_lab):
    """A second JupyterLab on a fresh course copy, prepared as ``make lab`` prepares it."""
    from apilab.grading import self_study

    return start_lab("self-study-lab",
                     prepare_course=lambda server: server.extra_env.update(self_study.prepare(server.root)))


@pytest.mark.timeout(900)
def test_the_self_study_loop_fetch_validate_submit_score_feedback_and_next(ui_on, self_study_lab, artifacts):
    """Fetch the first exercise into my-work/; answer, Validate, Submit; the score, the feedback, the next one."""
    ui = ui_on(self_study_lab)
    ui.open_lab()
    ui.menu("Nbgrader", "nbgrader:open-assignment-list")
    page = ui.page
    released = page.locator("#released_assignments_list > .list_item")
    released.first.wait_for()
    assert released.locator(".item_name").all_inner_texts() == [first_exercise()]
    assert FETCHED == first_exercise()
    row = released.filter(has=page.locator(".item_name", has_text=FETCHED))
    row.locator(".item_status button", has_text="Fetch").click()
    fetched = page.locator("#fetched_assignments_list > .list_item")
    fetched.first.wait_for()
    assert fetched.first.locator(".item_name").first.inner_text().strip() == FETCHED
    assert (self_study_lab.root / "my-work" / FETCHED / f"{FETCHED}.ipynb").is_file()
    page.screenshot(path=str(artifacts / "learner-self-study-assignment-list.png"), animations="disabled")

    # The learner answers (typed in JupyterLab; written here), validates and submits.
    answer_with_the_model(self_study_lab.root / "my-work" / FETCHED / f"{FETCHED}.ipynb", FETCHED)
    score = validate_submit_and_wait_for_the_score(page)
    assert "scored 20 of 20" in score.inner_text()
    assert "feedback available to fetch" in score.inner_text()

    page.locator("#submitted_assignments_list > .list_item").first.locator(
        ".item_status button", has_text="Fetch Feedback").click()
    page.locator("#submitted_assignments_list a", has_text="view feedback").wait_for(timeout=60_000)
    released_now = page.locator("#released_assignments_list > .list_item .item_name").all_inner_texts()
    assert released_now == [shipped_exercises()[1]], "the next exercise is offered once this one is submitted"
    model = self_study_lab.root / "my-work" / "model-solutions" / FETCHED / f"{FETCHED}.ipynb"
    assert model.is_file() and "HIDDEN TESTS" not in model.read_text()
    page.screenshot(path=str(artifacts / "learner-self-study-score-and-feedback.png"), animations="disabled")

