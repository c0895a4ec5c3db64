"""One real class on JupyterHub for the whole session (see hub_support.ClassHub).

The hub tests run as root on Debian; elsewhere they skip saying why, and under
CI=true they fail instead. The hub is stopped as soon as the last hub test has
run (not at the end of the whole session), and everything it created (users,
processes, folders) is removed; the teardown checks that it was.
"""

import pwd
from pathlib import Path

import psutil
import pytest
from hub_support import ClassHub, in_ci, missing_for_a_hub

LEARNERS = 3
HERE = Path(__file__).resolve().parent
_running: list[ClassHub] = []


@pytest.fixture(scope="session")
def class_hub():
    problem = missing_for_a_hub()
    if problem:
        if in_ci():
            pytest.fail(f"the hub tests cannot run here: {problem}")
        pytest.skip(problem)
    hub = ClassHub(learners=LEARNERS).start()
    _running.append(hub)
    try:
        yield hub
    finally:
        finish(hub)


def finish(hub: ClassHub) -> None:
    """Stop the hub and check that nothing of the class is left (safe to call twice)."""
    if hub not in _running:
        return
    _running.remove(hub)
    users, folder = list(hub.created_users), hub.folder
    uids = {pwd.getpwnam(name).pw_uid for name in users}
    hub_pid = hub.hub.pid if hub.hub else None
    hub.stop()
    left = [name for name in users if _user_exists(name)]
    assert not left, f"users left behind: {left}"
    assert not folder.exists(), f"folder left behind: {folder}"
    assert hub_pid is None or not psutil.pid_exists(hub_pid), "the hub is still running"
    still_running = [p.pid for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in uids]
    assert not still_running, f"processes of the class's users are still running: {still_running}"


def pytest_runtest_teardown(item, nextitem):
    """After the last hub test, stop the hub rather than leave it running beside later tests."""
    if nextitem is None or HERE not in Path(nextitem.path).parents:
        for hub in list(_running):
            finish(hub)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
