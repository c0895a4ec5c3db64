"""The README fits on a screen and the guides of site/ are each on the website, their links reaching real files.

The website's build checks every link of the guides to a page or a section
(tests/course/test_site.py); these check what a repository host shows too.
"""

from __future__ import annotations

import re

import pytest
from course_paths import REPO_ROOT

from apilab.course import site

GUIDES = sorted((REPO_ROOT / "site").glob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_the_readme_reads_in_two_minutes():
    lines = (REPO_ROOT / "README.md").read_text().splitlines()
    assert len(lines) <= 150, f"README.md has {len(lines)} lines; move detail to a guide in site/"


def test_every_guide_is_on_the_website():
    assert sorted(path.name for path in GUIDES) == sorted([site.FRONT_PAGE, *site.GUIDES])


@pytest.mark.parametrize("page", [REPO_ROOT / "README.md", *GUIDES], ids=lambda path: path.name)
def test_relative_links_reach_files_of_the_course(page):
    missing = []
    for target in LINK.findall(page.read_text()):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#")[0]).resolve()
        if not path.exists():
            missing.append(target)
    assert not missing, f"{page.name} links to files that do not exist: {missing}"
