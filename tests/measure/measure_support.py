"""Helpers for the load tests: programs they need, and processes that must be gone."""

import os
import time

import psutil
import pytest

from apilab.serving.programs import missing_message


def require(program: str) -> None:
    """Skip when ``program`` is missing, saying how to install it; under CI=true, fail instead."""
    message = missing_message(program)
    if message is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI must install it: make test does)")
    pytest.skip(message)


def children() -> set[int]:
    """Return the pids of this process's living descendants."""
    alive = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE:
                alive.add(child.pid)
        except psutil.NoSuchProcess:
            pass
    return alive


def gone(pid: int, wait: float = 3.0) -> bool:
    """Return True once process ``pid`` no longer runs (waiting up to ``wait`` s)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False
