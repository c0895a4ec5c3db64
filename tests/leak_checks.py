"""Fixtures shared by the tests of in-kernel servers: no leaks, and Django configured once.

Imported by the conftest of each folder that uses them (``from leak_checks import ...``),
so the names stay unique across ``tests/``.
"""

import gc
import os
import threading

import psutil
import pytest

import apilab


def resource_counts() -> dict:
    """Count this process's threads, open file descriptors and inet sockets."""
    gc.collect()  # objects left by earlier tests close their files when collected
    process = psutil.Process()
    return {
        "threads": threading.active_count(),
        "fds": process.num_fds(),
        "sockets": len(process.net_connections(kind="inet")),
    }


@pytest.fixture
def no_leaks():
    """Fail the test if it leaves threads, file descriptors or sockets behind."""
    apilab.stop_all()
    before = resource_counts()
    yield before
    apilab.stop_all()
    after = resource_counts()
    assert after == before, f"resources before {before}, after {after}"


@pytest.fixture(scope="session", autouse=True)
def django_configured():
    """Configure Django once for the test process (setup_django is idempotent)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    apilab.setup_django()
