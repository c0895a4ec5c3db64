"""Build the course website once per test session and serve it on 127.0.0.1 to headless chromium.

The site is built by ``apilab.course.site`` into a temp folder from the executed
lesson copies that this session's lesson run kept (``tests/notebooks`` runs before
``tests/site``); a lesson with no current copy is executed by the build itself, as
``make site`` does. The build time is printed at the end of the run.

Every request a page makes is recorded (``site_page.requests``), so a test can
check that nothing is loaded from another host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from headless_chromium import launch_chromium, require_chromium
from site_support import require_mathjax, serving

from apilab.course import site

# Playwright timeouts are in milliseconds.
PAGE_TIMEOUT_MS = 20_000
_builds: list[site.SiteBuild] = []


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> site.SiteBuild:
    """The course website, built once for the session (from the kept executed lessons where current)."""
    require_mathjax()
    try:
        result = site.build(output=tmp_path_factory.mktemp("site"))
    except site.SiteError as error:
        pytest.fail(f"the site did not build: {error}", pytrace=False)
    _builds.append(result)
    return result


def pytest_terminal_summary(terminalreporter) -> None:
    """Print how long the site took to build, under the usual summary."""
    for result in _builds:
        terminalreporter.section("course website")
        terminalreporter.write_line(
            f"built in {result.seconds:.1f} s: {len(result.lessons)} lessons, {len(result.executed)} of them "
            f"executed for it (the others from the lesson run's kept copies); {len(result.warnings)} Sphinx warnings")


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served over HTTP on a free 127.0.0.1 port (stopped at the end of the session)."""
    with serving(built_site.index.parent) as url:
        yield url


@pytest.fixture(scope="session")
def site_browser():
    """Headless Debian chromium driven by Playwright, for the site tests."""
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, chromium)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class SitePage:
    """A browser page on the built site, and every URL it requested."""

    page: object
    base_url: str
    html: Path
    requests: list[str] = field(default_factory=list)

    def open(self, path: str = "index.html") -> None:
        """Go to ``path`` on the site and wait until it has loaded."""
        self.page.goto(f"{self.base_url}/{path}", wait_until="load")


@pytest.fixture
def site_page(site_browser, site_url, built_site) -> SitePage:
    """A fresh page (own cookies and storage) on the site, recording the requests it makes."""
    context = site_browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    opened = SitePage(page, site_url, built_site.index.parent)
    page.on("request", lambda request: opened.requests.append(request.url))
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The git-ignored folder where screenshots are kept."""
    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
