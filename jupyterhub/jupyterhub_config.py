"""JupyterHub for a class of the course on one server: real Unix users, nbgrader, a shared exchange.

Run as root: ``jupyterhub -f jupyterhub/jupyterhub_config.py``. Each learner
logs in with their Unix account (PAM) and gets their own JupyterLab, started
from the class environment that ``build_class_env.py`` makes (the course's
package, nbgrader and its extensions, the lessons; no solutions, hidden tests
or sample answers). The instructors' course checkout (with ``solutions/``)
stays theirs. Names and paths come from the environment, with these defaults:

    APILAB_HUB_ENV       the class environment (build_class_env.py's --prefix)   /opt/flask-vs-django/env
    APILAB_HUB_COURSE    the instructors' checkout of the course                  /srv/flask-vs-django/course
    APILAB_HUB_ROSTER    who is in the class (YAML: instructors, learners)        class_roster.yaml beside this file
    APILAB_HUB_GRADER    the Unix user the formgrader service runs as             the first instructor
    APILAB_HUB_FORMGRADER_PORT   the formgrader service's port on 127.0.0.1      9999
    NBGRADER_EXCHANGE_ROOT       the shared exchange (chmod 1777)                 /srv/nbgrader/exchange
    NBGRADER_DB_URL      the gradebook (PostgreSQL when several grade at once)    sqlite in the course checkout

Groups and roles follow nbgrader's "several courses on one hub" layout:
``nbgrader-flask-vs-django`` (learners and instructors: the Assignment List shows
the course) and ``formgrade-flask-vs-django`` (graders: may open the formgrader
service). The formgrader runs as a hub service at ``/services/flask-vs-django/``
and opens in its own tab (JupyterHub >= 4.1 forbids showing it in a frame).
The hub checks the class's set-up when it starts and stops with one line if
something is wrong (see ``apilab.course.class_check``).
"""

import os
import shutil
import sys
from pathlib import Path

import yaml

from apilab.course import class_check

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

HERE = Path(__file__).resolve().parent
COURSE_ID = "flask-vs-django"
ENV = Path(os.environ.get("APILAB_HUB_ENV") or "/opt/flask-vs-django/env")
COURSE = Path(os.environ.get("APILAB_HUB_COURSE") or "/srv/flask-vs-django/course")
EXCHANGE = os.environ.get("NBGRADER_EXCHANGE_ROOT") or "/srv/nbgrader/exchange"
DB_URL = os.environ.get("NBGRADER_DB_URL") or f"sqlite:///{COURSE / 'gradebook.db'}"
FORMGRADER_PORT = int(os.environ.get("APILAB_HUB_FORMGRADER_PORT") or 9999)

roster = yaml.safe_load(Path(os.environ.get("APILAB_HUB_ROSTER") or HERE / "class_roster.yaml").read_text())
INSTRUCTORS = list(roster.get("instructors") or [])
LEARNERS = list(roster.get("learners") or [])
GRADER = os.environ.get("APILAB_HUB_GRADER") or INSTRUCTORS[0]

class_check.check_class(
    exchange_root=EXCHANGE,
    db_url=DB_URL,
    course_dir=COURSE,
    class_config=ENV / "etc" / "jupyter" / "nbgrader_config.py",
)

# Who may log in: the class, with their Unix passwords; instructors are the hub's admins.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(INSTRUCTORS + LEARNERS)
c.Authenticator.admin_users = set(INSTRUCTORS)

# Every server runs from the class environment, opens JupyterLab, and finds the exchange.
PATH = f"{ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin"
c.Spawner.cmd = [str(ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
# APILAB_LESSONS: where the Course progress sidebar finds the learner's lessons (copy_lessons puts them there).
c.Spawner.environment = {"NBGRADER_EXCHANGE_ROOT": EXCHANGE, "PATH": PATH, "APILAB_LESSONS": f"{COURSE_ID}-lessons"}

# Each learner's server (with its kernels and the servers they start), sized from the capacity runs in
# benchmarks/results/ by benchmarks/hub_sizing.py, which says how; values.yaml carries the same figures (a
# test keeps them equal). LocalProcessSpawner hands them to the server (MEM_LIMIT, CPU_LIMIT...) without
# enforcing them; jupyterhub-systemdspawner enforces these same settings, Kubernetes the values'.
c.Spawner.mem_guarantee = "640M"
c.Spawner.mem_limit = "1280M"
c.Spawner.cpu_guarantee = 0.05
c.Spawner.cpu_limit = 1.0

LESSONS = ENV / "share" / COURSE_ID / "notebooks"


def copy_lessons(spawner):
    """Give a learner the lessons in ~/flask-vs-django-lessons once (their copy is never overwritten)."""
    import pwd

    account = pwd.getpwnam(spawner.user.name)
    target = Path(account.pw_dir) / f"{COURSE_ID}-lessons"
    if target.exists() or not LESSONS.is_dir():
        return
    shutil.copytree(LESSONS, target)
    for folder, _, files in os.walk(target):
        for name in [folder, *(os.path.join(folder, f) for f in files)]:
            os.chown(name, account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = copy_lessons

# Groups: nbgrader reads a user's courses from nbgrader-<course> and formgrade-<course>.
c.JupyterHub.load_groups = {
    f"nbgrader-{COURSE_ID}": {"users": INSTRUCTORS + LEARNERS},
    f"formgrade-{COURSE_ID}": {"users": INSTRUCTORS},
}
c.JupyterHub.load_roles = [
    # Graders may open the formgrader service.
    {"name": f"formgrade-{COURSE_ID}", "groups": [f"formgrade-{COURSE_ID}"],
     "scopes": [f"access:services!service={COURSE_ID}"]},
    # The course's members may find the course's service (the Course List asks for it).
    {"name": f"nbgrader-{COURSE_ID}", "groups": [f"nbgrader-{COURSE_ID}"],
     "scopes": ["list:services", f"read:services!service={COURSE_ID}"]},
    # A server acts with its owner's permissions: nbgrader reads the owner's groups through it.
    {"name": "server", "scopes": ["inherit"]},
    # The formgrader service reads who is in the course and adds learners it meets to its group.
    {"name": f"{COURSE_ID}-formgrader", "services": [COURSE_ID],
     "scopes": ["list:users", "read:users", "list:groups", "read:groups", f"groups!group=nbgrader-{COURSE_ID}"]},
]

# The formgrader: the course checkout served to graders as a service, run as the grader's Unix user.
c.JupyterHub.services = [
    {
        "name": COURSE_ID,
        "url": f"http://127.0.0.1:{FORMGRADER_PORT}",
        "command": [str(ENV / "bin" / "jupyterhub-singleuser"), f"--ServerApp.root_dir={COURSE}"],
        "user": GRADER,
        "cwd": str(COURSE),
        "environment": {
            "JUPYTERHUB_DEFAULT_URL": "/lab/tree/",
            "NBGRADER_EXCHANGE_ROOT": EXCHANGE,
            "NBGRADER_DB_URL": DB_URL,
            "PATH": PATH,
            # nbgrader's instructor tools, off in every learner's server, on here (build_class_env).
            "JUPYTER_CONFIG_PATH": str(ENV / "etc" / "jupyter-instructor"),
        },
        "oauth_no_confirm": True,
    }
]

# Idle servers are stopped: a server none of whose kernels, terminals or tabs did anything for
# IDLE_SERVER_TIMEOUT seconds (checked every CULL_EVERY) is stopped by jupyterhub-idle-culler, with only
# the scopes it needs; the names are those Zero to JupyterHub gives it (values.yaml: cull). Each server
# shuts down its own idle kernels and terminals (build_class_env.KERNEL_CULLING).
IDLE_SERVER_TIMEOUT = 3600
CULL_EVERY = 600
c.JupyterHub.services.append({
    "name": "jupyterhub-idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={IDLE_SERVER_TIMEOUT}", f"--cull-every={CULL_EVERY}"],
})
c.JupyterHub.load_roles.append(
    {"name": "jupyterhub-idle-culler", "services": ["jupyterhub-idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})
