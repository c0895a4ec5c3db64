"""An instructor manages the course in nbgrader's Formgrader; learners see what was released.

The Formgrader (Nbgrader menu > Formgrader, a page in an iframe) lists every
assignment of the course with its status. Releasing one there puts it in the
exchange (a temp folder this JupyterLab is configured with), and nbgrader's
Assignment List then offers it to learners, who can fetch it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
RELEASED_ASSIGNMENT = "01-flask-api"


def course_assignments() -> list[str]:
    """The assignments the course defines: folders of solutions/ holding a notebook."""
    solutions = REPO_ROOT / "solutions"
    if not solutions.is_dir():
        return []
    return sorted(folder.name for folder in solutions.iterdir()
                  if folder.is_dir() and any(folder.glob("*.ipynb")))


def course_id() -> str:
    """The course id that nbgrader_config.py sets."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(REPO_ROOT)).load_config().CourseDirectory.course_id


NBGRADER_MENU_COMMANDS = (
    "nbgrader:open-assignment-list",
    "nbgrader:open-course-list",
    "nbgrader:open-formgrader",
    "nbgrader:open-create-assignment",
)


def test_nbgrader_menu_offers_every_tool(ui):
    """nbgrader's lab extensions are loaded: its menu offers the learner's and the instructor's tools."""
    ui.open_lab()
    ui.menu_bar_item("Nbgrader").click()
    for command in NBGRADER_MENU_COMMANDS:
        ui.page.locator(f'.lm-Menu li.lm-Menu-item[data-command="{command}"]').wait_for()
    ui.page.keyboard.press("Escape")


@pytest.fixture
def formgrader(ui):
    """The Formgrader opened from the Nbgrader menu; returns the iframe's locator."""
    ui.open_lab()
    ui.menu("Nbgrader", "nbgrader:open-formgrader")
    ui.page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text="Formgrader").wait_for()
    frame = ui.page.frame_locator("#jp-main-dock-panel iframe").first
    frame.locator(".breadcrumb li", has_text="Assignments").wait_for()
    return frame


def assignment_row(frame, name: str):
    """The Formgrader's table row of the assignment called ``name``."""
    return frame.locator("tbody tr", has=frame.locator("td.name", has_text=name))


def test_formgrader_lists_the_assignments_and_releases_one_to_the_assignment_list(ui, formgrader, artifacts):
    """Every assignment shows as a draft; one released there shows in the learner's Assignment List."""
    assignments = course_assignments()
    assert RELEASED_ASSIGNMENT in assignments, f"solutions/ has no {RELEASED_ASSIGNMENT}: {assignments}"
    for name in assignments:
        assignment_row(formgrader, name).locator("td.status", has_text="draft").wait_for()
    assert formgrader.locator("tbody tr td.name").count() == len(assignments)
    ui.page.screenshot(path=str(artifacts / "instructor-formgrader-assignments.png"), animations="disabled")

    row = assignment_row(formgrader, RELEASED_ASSIGNMENT)
    row.locator("td.release a").click()
    modal = formgrader.locator("#success-modal.in")
    modal.get_by_text(f"Successfully released '{RELEASED_ASSIGNMENT}'.").wait_for()
    modal.locator(".modal-footer button", has_text="OK").click()
    formgrader.locator("#success-modal").wait_for(state="hidden")
    row.locator("td.status", has_text="released").wait_for()
    ui.page.screenshot(path=str(artifacts / "instructor-formgrader-released.png"), animations="disabled")

    ui.menu("Nbgrader", "nbgrader:open-assignment-list")
    page = ui.page
    released = page.locator("#released_assignments_list > .list_item")
    released.first.wait_for()
    assert released.count() == 1
    assert released.first.locator(".item_name").inner_text().strip() == RELEASED_ASSIGNMENT
    assert released.first.locator(".item_course").inner_text().strip() == course_id()
    page.screenshot(path=str(artifacts / "learner-assignment-list-released.png"), animations="disabled")

    released.first.locator(".item_status button", has_text="Fetch").click()
    fetched = page.locator("#fetched_assignments_list > .list_item")
    fetched.first.wait_for()
    assert fetched.first.locator(".item_name").first.inner_text().strip() == RELEASED_ASSIGNMENT
    # Fetched into the learner's own folder, never into the tracked exercises/.
    assert (ui.lab.root / "my-work" / RELEASED_ASSIGNMENT / f"{RELEASED_ASSIGNMENT}.ipynb").is_file()
    page.screenshot(path=str(artifacts / "learner-assignment-list-fetched.png"), animations="disabled")
