"""MathJax on the course website is the site's own: math renders, and nothing is loaded from another host.

No lesson has math today, so this builds a two-lesson course whose first lesson
has some (its lessons are shown as they are: no kernel runs).
"""

from __future__ import annotations

from urllib.parse import urlparse

import nbformat
import pytest
from site_support import require_mathjax, serving, write_tiny_course

from apilab.course import executed, site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tiny_site_url(tmp_path_factory):
    """The tiny course's site, built and served on 127.0.0.1."""
    require_mathjax()
    root = write_tiny_course(tmp_path_factory.mktemp("tiny") / "course")
    kept = root.parent / "kept"
    for path in sorted((root / "notebooks").glob("0[1-9]-*.ipynb")):
        executed.save(path, nbformat.read(path, as_version=4), kept)
    result = site.build(root, output=root.parent / "site", kept=kept)
    assert result.executed == []
    with serving(result.index.parent) as url:
        yield url


def test_math_is_rendered_by_the_sites_own_mathjax(site_browser, tiny_site_url):
    context = site_browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{tiny_site_url}/notebooks/01-First-Steps.html", wait_until="load")
        formula = page.locator("article mjx-container").first
        formula.wait_for(state="visible", timeout=20_000)
        page.wait_for_load_state("networkidle")
        assert formula.evaluate("element => element.getBoundingClientRect().width > 5")
    finally:
        context.close()
    hosts = {urlparse(url).hostname for url in requests if urlparse(url).scheme not in {"data", "blob"}}
    assert hosts == {"127.0.0.1"}, f"the page requested {sorted(hosts - {'127.0.0.1'})}"
    paths = [urlparse(url).path for url in requests]
    assert "/_static/mathjax/tex-chtml.js" in paths
    assert any(path.startswith("/_static/mathjax/output/chtml/fonts/woff-v2/") for path in paths), (
        "MathJax's fonts were not loaded from the site")
