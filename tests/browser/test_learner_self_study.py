"""A learner studying alone opens the course the way ``make lab`` does and fetches an exercise.

``make lab`` runs ``apilab.grading.self_study.prepare`` before JupyterLab starts: it
releases the exercises that are due into a local exchange and makes ``my-work/``.
On a fresh course that is the first exercise only (the next is released once
this one is submitted, as a class would get them). In JupyterLab, nbgrader's
Assignment List offers it, and Fetch puts the learner's copy in ``my-work/``
(git-ignored), never in ``exercises/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
FETCHED = "01-flask-api"


def shipped_exercises() -> list[str]:
    """The exercises the course ships: folders of exercises/ holding a notebook named like the folder."""
    return sorted(folder.name for folder in (REPO_ROOT / "exercises").iterdir()
                  if (folder / f"{folder.name}.ipynb").is_file())


def first_exercise() -> str:
    """The exercise a fresh course offers: the first of the course's path."""
    return shipped_exercises()[0]


@pytest.fixture(scope="module")
def self_study_lab(start_lab):
    """A second JupyterLab on a fresh course copy, prepared as ``make lab`` prepares it."""
    from apilab.grading import self_study

    return start_lab("self-study-lab", prepare_course=lambda server: self_study.prepare(server.root))


def test_assignment_list_offers_the_first_exercise_and_fetches_into_my_work(ui_on, self_study_lab, artifacts):
    """On a fresh course the first exercise, and only it, is offered; Fetch puts the learner's copy in my-work/."""
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
