"""Run Django's deployment checks on a production settings module, in a process of its own.

``run_deploy_check(folder)`` imports ``folder/production_settings.py`` in a
process of its own and keeps its settings as data (JSON), then runs ``python -m
django check --deploy --fail-level WARNING`` in another process, on a settings
module holding that data and nothing else, and returns the ids of the checks that
failed. The check never runs in the same process as the settings' own code, so
that code cannot change what the check reports (patching Django, printing a
fake "no issues" and exiting).
``read_settings(folder, names)`` imports the same module in a new process and
returns some of its settings. Both set ``DJANGO_SECRET_KEY`` and
``DJANGO_ALLOWED_HOSTS`` the way a production server's environment would.

Exercise 4 calls both in one line (``from apilab.exercises.auth_production.deploy_check
import ...``); its grader calls them too, from outside the learner's kernel,
with ``wrap`` putting the process in the sandbox (loading settings runs the
learner's code). A new process reads the settings file as a server would,
without the kernel's own Django configuration (``apilab.setup_django``).
"""

import functools
import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Wrap = Callable[[list], list]  # turns a command line into the one to run (e.g. inside a sandbox)

MODULE = "production_settings"
CHECK_ID = re.compile(r"\(([\w.]+\.[CEWI]\d{3})\)")
TIMEOUT_S = 60


def production_environment(**overrides):
    """The variables a production server sets: a new random DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS."""
    return {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "api.example.com", **overrides}


def _run(folder, arguments, environ, wrap=None):
    folder = os.fspath(folder)
    if not os.path.isfile(os.path.join(folder, MODULE + ".py")):
        raise FileNotFoundError(f"no {MODULE}.py in {folder}: run the cell that writes it first")
    command = [sys.executable, *arguments]
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(environ)
    env["DJANGO_SETTINGS_MODULE"] = MODULE
    env["PYTHONPATH"] = os.pathsep.join([folder, *filter(None, [os.environ.get("PYTHONPATH")])])
    return subprocess.run(wrap(command) if wrap else command, cwd=folder, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)


def _last_line(text):
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


@dataclass
class DeployCheck:
    """What ``manage.py check --deploy`` said: the failed check ids and its output."""

    passed: bool
    ids: list
    output: str
    load_error: str = ""

    def __repr__(self):
        if self.passed:
            return "DeployCheck: passed, no issues"
        if self.load_error:
            return f"DeployCheck: the settings could not be loaded: {self.load_error}"
        return f"DeployCheck: {len(self.ids)} issue(s): {', '.join(self.ids)}"


def run_deploy_check(folder, environ=None, wrap: Wrap | None = None):
    """Run ``django check --deploy --fail-level WARNING`` on ``folder/production_settings.py``.

    ``environ`` replaces the production environment (a random DJANGO_SECRET_KEY, api.example.com);
    ``wrap`` turns the command line into the one to run (the grader's sandbox).
    """
    if not os.path.isfile(os.path.join(folder, MODULE + ".py")):
        raise FileNotFoundError(f"no {MODULE}.py in {folder}: run the cell that writes it first")
    if environ is None and wrap is None:
        # The same file gives the same answer: run the check once per version of the file.
        with open(os.path.join(folder, MODULE + ".py"), "rb") as settings_file:
            content = settings_file.read()
        return _cached_deploy_check(os.path.abspath(folder), content)
    return _deploy_check(folder, production_environment() if environ is None else environ, wrap)


@functools.lru_cache(maxsize=8)
def _cached_deploy_check(folder, content):
    return _deploy_check(folder, production_environment())


_DUMP = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
def plain(value):
    return sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
data = {}
for name in dir(module):
    if name.isupper():
        try:
            data[name] = json.loads(json.dumps(plain(getattr(module, name))))
        except (TypeError, ValueError):
            pass  # not plain data (a Path, a class): no deployment check reads it
print(json.dumps(data))
"""

# The check, on the settings read from stdin as data: isolated mode (-I), so nothing beside it is imported.
_CHECK = """
import json, sys
from django.conf import settings
settings.configure(**json.load(sys.stdin))
from django.core.management import execute_from_command_line
execute_from_command_line(["django-admin", *sys.argv[1:]])
"""


def _deploy_check(folder, environ, wrap=None):
    try:
        dumped = _run(folder, ["-c", _DUMP, MODULE], environ, wrap)
    except subprocess.TimeoutExpired:
        return DeployCheck(False, [], "", f"loading the settings took more than {TIMEOUT_S} s")
    lines = dumped.stdout.strip().splitlines()
    if dumped.returncode != 0 or not lines:
        return DeployCheck(False, [], dumped.stdout + dumped.stderr, _last_line(dumped.stderr or dumped.stdout))
    command = [sys.executable, "-I", "-c", _CHECK, "check", "--deploy", "--fail-level", "WARNING"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    try:
        done = subprocess.run(wrap(command) if wrap else command, cwd=os.fspath(folder), env=env, input=lines[-1],
                              capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return DeployCheck(False, [], "", f"the deployment check took more than {TIMEOUT_S} s")
    output = done.stdout + done.stderr
    ids = sorted(set(CHECK_ID.findall(output)))
    load_error = "" if done.returncode == 0 or ids else _last_line(done.stderr or done.stdout)
    return DeployCheck(done.returncode == 0 and not ids, ids, output, load_error)


_READ = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
def plain(value):
    return sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
print(json.dumps({name: plain(getattr(module, name, None)) for name in sys.argv[2:]}, default=repr))
"""


def read_settings(folder, names: Sequence[str], environ=None, wrap: Wrap | None = None):
    """Import ``folder/production_settings.py`` in a new process and return the settings ``names``."""
    try:
        done = _run(folder, ["-c", _READ, MODULE, *names],
                    production_environment() if environ is None else environ, wrap)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{MODULE}.py took more than {TIMEOUT_S} s to import") from None
    if done.returncode != 0:
        raise RuntimeError(f"{MODULE}.py could not be imported: {_last_line(done.stderr)}")
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise RuntimeError(f"{MODULE}.py printed no settings: {_last_line(done.stdout)}") from None
