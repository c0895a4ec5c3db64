"""Helpers the contract tests share: seed a store, read a report's failing groups, check its messages."""

import requests

FLASK_TOKEN = "reference-key-1"  # the valid key the Flask Part B apps are made with


def seed(url: str, token: str | None = None) -> None:
    """POST two products that are not the checks' own, so no check may assume an empty store."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    for name in ("Kettle", "Spoon"):
        requests.post(f"{url}/api/products/", json={"name": name, "price_cents": 300}, headers=headers, timeout=5)


def failing_groups(report) -> set:
    """The groups of a report that have a failed check."""
    return {group for group in report.groups if not report.group_passed(group)}


def assert_readable(report) -> None:
    """Every failure is one line that names a method and a path, what was expected and what came back."""
    assert report.failures
    for line in report.failures:
        assert "\n" not in line, line
        assert line.startswith("["), line
        assert any(f"{method} /api/products/" in line for method in ("GET", "POST", "PUT", "PATCH", "DELETE")), line
        assert "expected" in line and "got" in line, line
