"""What the tests of the course website share (tests/site, tests/course/test_site.py)."""

from __future__ import annotations

import pytest

from apilab.course import site
from headless_chromium import in_ci


def require_mathjax() -> None:
    """Skip (or, under CI=true, fail) when npm's MathJax is not installed; `make test` and `make site` install it."""
    try:
        site.mathjax_files()
    except site.SiteError as error:
        if in_ci():
            pytest.fail(f"CI=true and {error}")
        pytest.skip(str(error))
