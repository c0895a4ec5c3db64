"""A learner on the hub opens the admin link lesson Django-And-DRF prints, in a real browser.

The lesson's cells up to its admin link run in a kernel of the learner's own
hub server (their copy of the lessons); chromium (Playwright) logs in to the
hub, opens the printed link (through jupyter-server-proxy's
/proxy/absolute/<port>/), logs in to Django's admin and sees the products,
its CSS loaded and nothing refused on the way.
"""

import re
from pathlib import Path

import nbformat
import pytest

pytestmark = [pytest.mark.hub, pytest.mark.browser]

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
LINK = re.compile(r"Open (\S+)/admin/ and log in as '([^']+)' with password '([^']+)'")


def lesson_cells_up_to_the_admin_link() -> tuple[str, list[str]]:
    (lesson,) = sorted((REPO_ROOT / "notebooks").glob("*-Django-And-DRF.ipynb"))
    cells = []
    for cell in nbformat.read(lesson, as_version=4).cells:
        if cell.cell_type == "code":
            cells.append(cell.source)
            if "/admin/ and log in" in cell.source:
                return lesson.name, cells
    raise AssertionError(f"{lesson.name} prints no admin link")


def test_the_lessons_admin_link_opens_through_the_hub(class_hub):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed (make system-programs installs it)")
    from playwright.sync_api import sync_playwright

    learner = class_hub.learners[-1]
    class_hub.start_server(learner)
    hub_browser = class_hub.login(learner)
    name, cells = lesson_cells_up_to_the_admin_link()
    printed = hub_browser.run_in_kernel(f"flask-vs-django-lessons/{name}", cells)
    link, username, password = LINK.search(printed[-1]).groups()
    assert link.startswith(f"{class_hub.url}/user/{learner}/proxy/absolute/"), link

    failed = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic"])
        try:
            page = browser.new_page()
            page.on("response", lambda reply: failed.append(f"{reply.status} {reply.url}")
                    if reply.status >= 400 else None)
            page.goto(f"{class_hub.url}/hub/login?next={link}/admin/")
            page.fill("#username_input", learner)
            page.fill("#password_input", class_hub.user_password)
            page.click("#login_submit")
            page.wait_for_url(re.compile(r".*/admin/login/.*"), timeout=60_000)  # Django asks for its own login
            page.fill("#id_username", username)
            page.fill("#id_password", password)
            page.click("input[type=submit]")
            page.wait_for_url(f"{link}/admin/", timeout=30_000)
            page.click("text=Products")
            page.wait_for_selector("text=Select product to change", timeout=30_000)
            assert page.locator("#result_list").get_by_text("Teapot").count() == 1
            # The admin's own CSS came through the proxy: its header is styled, not plain HTML.
            header_colour = page.evaluate("getComputedStyle(document.querySelector('#header')).backgroundColor")
            assert header_colour not in ("rgba(0, 0, 0, 0)", "transparent"), header_colour
        finally:
            browser.close()
    hub_browser.server("DELETE", f"/api/sessions/{hub_browser.kernel_session}")
    hub_browser.close()
    assert not [f for f in failed if "/admin/" in f or "/static/" in f], failed
