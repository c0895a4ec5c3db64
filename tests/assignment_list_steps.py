"""What a learner does in nbgrader's Assignment List, step by step, for the browser tests of self-study."""

from __future__ import annotations

import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SCORE_WAIT_S = 420


def shipped_exercises() -> list[str]:
    """The exercises the course ships: folders of exercises/ holding a notebook named like the folder."""
    return sorted(folder.name for folder in (REPO_ROOT / "exercises").iterdir()
                  if (folder / f"{folder.name}.ipynb").is_file())


def dismiss_dialogs(page) -> None:
    """Close nbgrader's Validate dialog if it opened one."""
    buttons = page.locator(".jp-Dialog button.jp-Dialog-button")
    while buttons.count():
        buttons.last.click()
        page.wait_for_timeout(200)


def validate_fetched(page) -> None:
    """Validate the fetched exercise's notebook and wait until it passes."""
    fetched = page.locator("#fetched_assignments_list > .list_item")
    fetched.first.locator(".item_name a").first.click()  # unfolds the exercise's notebooks
    fetched.first.locator(".nested_list_item .item_status button", has_text="Validate").click()
    page.locator(".nested_list_item button.btn-success", has_text="Validate").wait_for(timeout=240_000)
    dismiss_dialogs(page)


def validate_submit_and_wait_for_the_score(page):
    """Validate the fetched exercise, Submit it, refresh until its score shows; return the submission's row."""
    validate_fetched(page)
    return submit_and_wait_for_the_score(page)


def submit_and_wait_for_the_score(page):
    """Submit the fetched exercise, refresh until its score shows; return the submission's row."""
    fetched = page.locator("#fetched_assignments_list > .list_item")
    fetched.first.locator(".item_status button", has_text="Submit").click()
    submitted = page.locator("#submitted_assignments_list > .list_item")
    submitted.first.wait_for(timeout=60_000)
    score = page.locator("#submitted_assignments_list .nested_list_item", has_text="scored")
    deadline = time.monotonic() + SCORE_WAIT_S
    while not score.count():
        assert time.monotonic() < deadline, f"no score listed {SCORE_WAIT_S} s after Submit: " \
                                            f"{submitted.all_inner_texts()}"
        page.wait_for_timeout(3000)
        page.locator("#refresh_assignments_list").click()
        submitted.first.wait_for()
    return score.first
