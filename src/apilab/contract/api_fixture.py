"""The pytest plugin of exercise 5's test runs: the ``api`` fixture, and each test's outcome as one JSON line.

A learner's suite is run with ``python -m pytest <file> -p apilab.contract.api_fixture``
and the API's base URL in ``PRODUCTS_API_URL`` (``http://...`` or ``http+unix://...``).
The ``api`` fixture is a ``requests.Session`` whose paths start at the API's root::

    def test_create(api):
        response = api.post("/api/products/", json={"name": "Lamp", "price_cents": 2500})
        assert response.status_code == 201

Before each test it asks the server for a fresh build (an empty store), every
request has a deadline (10 s unless the test gives a ``timeout``), and a
redirect is returned, not followed. When
the run ends, the plugin writes ``{"apilab_suite": {...}}`` on a line of its own
to the stdout the process started with: each test's outcome and first line of
failure, and the errors that kept a file from being collected. It is written
last, after pytest's summary, so that a run's end holds it however much the tests print.
"""

from __future__ import annotations

import json
import os

import pytest
import requests

from apilab.contract.bounded_http import mount_bounded

URL_VARIABLE = "PRODUCTS_API_URL"
SELECT_VARIABLE = "APILAB_SELECT_TESTS"  # a JSON list of the tests to run (their ids without the file's name)
RESET_PATH = "/_course/reset"  # the builds server's: a fresh build for the next test
UNIX_SCHEME = "http+unix://"
REQUEST_TIMEOUT = 10.0
MESSAGE_CHARS = 200
ID_CHARS = 200  # a test is named by the first 200 characters of its id, here and by the grader
_replies: list = []  # the stdout the process started with, taken before any test file is imported


class ApiSession(requests.Session):
    """A session whose paths ("/api/products/") start at the API's base URL, each request with a deadline."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.max_redirects = 0  # a redirect is an answer to test (and Flask's names a host that is not the API)
        mount_bounded(self, UNIX_SCHEME)

    def request(self, method, url, *args, **kwargs):
        if isinstance(url, str) and url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("timeout", REQUEST_TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        return super().request(method, url, *args, **kwargs)


@pytest.fixture
def api():
    """A session on the API under test, which starts each test with an empty store."""
    base_url = os.environ.get(URL_VARIABLE)
    if not base_url:
        pytest.fail(f"{URL_VARIABLE} is not set: run the suite with api_tests.run_suite(...)", pytrace=False)
    with ApiSession(base_url) as session:
        session.post(RESET_PATH)
        yield session


def _first_line(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = getattr(crash, "message", "") or str(report.longrepr or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else "")[:MESSAGE_CHARS]


_outcomes: dict[str, list[str]] = {}
_collect_errors: list[str] = []


def pytest_collection_modifyitems(session, config, items):
    """Only the tests ``APILAB_SELECT_TESTS`` names, when it is set (the grader confirming a failure)."""
    chosen = os.environ.get(SELECT_VARIABLE)
    if chosen is None:
        return
    try:
        wanted = set(json.loads(chosen))
    except (ValueError, TypeError):
        wanted = set()
    kept = [item for item in items if item.nodeid.split("::", 1)[-1][:ID_CHARS] in wanted]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome != "passed":
        kept = _outcomes.get(report.nodeid)
        if kept is not None and kept[0] in ("failed", "error"):
            return  # the first failure of a test is what it is remembered by
        outcome = report.outcome if report.when == "call" else ("skipped" if report.skipped else "error")
        _outcomes[report.nodeid] = [outcome, "" if outcome == "passed" else _first_line(report)]


def pytest_collectreport(report):
    if report.failed:
        _collect_errors.append(_first_line(report))


def pytest_configure(config):
    _replies.append(os.fdopen(os.dup(1), "w"))


def pytest_unconfigure(config):
    """The report, after pytest's own summary: the last thing pytest writes."""
    if not _replies:
        return
    replies = _replies.pop()
    try:
        replies.write("\n" + json.dumps({"apilab_suite": {"outcomes": _outcomes,
                                                          "collect_errors": _collect_errors[:5]}}) + "\n")
        replies.close()
    except (OSError, ValueError):
        pass
