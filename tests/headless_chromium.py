"""Debian's chromium for the tests that drive a browser (tests/browser, tests/site): find it, start it.

Playwright for Python drives ``/usr/bin/chromium`` (never a browser build of its
own). Without chromium a browser test skips and says how to install it; under
``CI=true`` it fails instead, so a missing install cannot hide.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic"]


def in_ci() -> bool:
    """Return True when running under CI (env CI=true), where nothing may be skipped for lack of a program."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def require_chromium() -> Path:
    """Return Debian's chromium; skip the test (or, under CI, fail it) when it is not installed."""
    if not CHROMIUM.exists():
        message = (f"{CHROMIUM} is not installed: sudo apt-get install chromium "
                   "(make test installs it when run as root)")
        if in_ci():
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    return CHROMIUM


def launch_chromium(playwright, chromium_path: Path = CHROMIUM):
    """Start headless chromium under Playwright with the course's flags; return the Browser."""
    return playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True)
