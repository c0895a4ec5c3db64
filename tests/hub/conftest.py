"""One real class on JupyterHub for the whole session (see hub_support.ClassHub).

The hub tests run as root on Debian; elsewhere they skip saying why, and under
CI=true they fail instead. Everything they create (users, processes, folders)
is removed at the end, and the teardown checks that it was.
"""

import pwd

import psutil
import pytest
from hub_support import ClassHub, in_ci, missing_for_a_hub

LEARNERS = 3


@pytest.fixture(scope="session")
def class_hub():
    problem = missing_for_a_hub()
    if problem:
        if in_ci():
            pytest.fail(f"the hub tests cannot run here: {problem}")
        pytest.skip(problem)
    hub = ClassHub(learners=LEARNERS).start()
    users, folder = list(hub.created_users), hub.folder
    uids = {pwd.getpwnam(name).pw_uid for name in users}
    try:
        yield hub
    finally:
        hub_pid = hub.hub.pid if hub.hub else None
        hub.stop()
    left = [name for name in users if _user_exists(name)]
    assert not left, f"users left behind: {left}"
    assert not folder.exists(), f"folder left behind: {folder}"
    assert hub_pid is None or not psutil.pid_exists(hub_pid), "the hub is still running"
    still_running = [p.pid for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in uids]
    assert not still_running, f"processes of the class's users are still running: {still_running}"


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
