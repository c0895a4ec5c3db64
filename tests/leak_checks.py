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


def resources() -> dict[str, set]:
    """This process's threads, open file descriptors and inet sockets, each as a set of identities.

    A thread is its ident, native id and name; a descriptor its number and what it points at (a
    file's path, a socket's inode), so a number closed and reused for something else counts as new;
    a socket its descriptor and addresses.
    """
    gc.collect()  # objects left by earlier tests close their files when collected
    listing = f"/proc/{os.getpid()}/fd"
    descriptors = set()
    for name in os.listdir(listing):
        try:
            target = os.readlink(f"{listing}/{name}")
        except OSError:  # the listing's own descriptor, closed since
            continue
        if target != listing:  # a file deleted meanwhile is still the same file
            descriptors.add((int(name), target.removesuffix(" (deleted)")))
    return {
        "threads": {(thread.ident, thread.native_id, thread.name) for thread in threading.enumerate()},
        "fds": descriptors,
        "sockets": {(c.fd, c.laddr, c.raddr) for c in psutil.Process().net_connections(kind="inet")},
    }


def left_behind(before: dict[str, set], after: dict[str, set]) -> dict[str, set]:
    """What is in ``after`` and was not in ``before``. What closed meanwhile is not a leak: earlier
    tests' sockets and files may close while a test runs."""
    return {name: after[name] - before[name] for name in after if after[name] - before[name]}


@pytest.fixture
def no_leaks():
    """Fail the test if it leaves threads, file descriptors or sockets behind."""
    apilab.stop_all()
    before = resources()
    yield before
    apilab.stop_all()
    leaked = left_behind(before, resources())
    assert not leaked, f"left behind by the test: {leaked}"


@pytest.fixture(scope="session", autouse=True)
def django_configured():
    """Configure Django once for the test process (setup_django is idempotent)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    apilab.setup_django()
