"""Run Django's deployment checks on a production settings module, in a process of its own.

``run_deploy_check(folder)`` imports ``folder/production_settings.py`` in a
process of its own and keeps its settings as data (JSON), then runs ``python -m
django check --deploy --fail-level WARNING`` in another process, on a settings
module holding that data and nothing else, and returns the ids of the checks that
failed and the settings they ran on. The check never runs in the same process as
the settings' own code, so that code cannot change what the check reports
(patching Django, printing a fake "no issues" and exiting).
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
from dataclasses import dataclass, field

# Turns a command line, and the variables it must have, into the one to run (e.g. inside a sandbox).
Wrap = Callable[[list, dict], list]

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
    inside = {**environ, "DJANGO_SETTINGS_MODULE": MODULE, "PYTHONPATH": folder}
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    if wrap:  # the sandbox's launcher clears the environment: the variables go to it
        command = wrap(command, inside)
    else:
        env.update(inside)
        env["PYTHONPATH"] = os.pathsep.join([folder, *filter(None, [os.environ.get("PYTHONPATH")])])
    return subprocess.run(command, cwd=folder, env=env, capture_output=True,
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
    settings: dict = field(default_factory=dict, repr=False)  # what the check ran on: the file's settings, typed

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


# The settings the check reads, each with the types Django expects of it: a value of another type (DEBUG = "False",
# a str where Django wants a list) is a problem of its own, never handed to Django to read its own way.
BOOL, INT, STR, STRS, PAIR, NONE = "bool", "int", "str", "list of str", "pair of str", "None"
SETTING_TYPES = {
    "DEBUG": (BOOL,), "SECRET_KEY": (STR,), "ALLOWED_HOSTS": (STRS,), "MIDDLEWARE": (STRS,),
    "SECURE_SSL_REDIRECT": (BOOL,), "SECURE_SSL_HOST": (STR, NONE), "SECURE_REDIRECT_EXEMPT": (STRS,),
    "SECURE_HSTS_SECONDS": (INT,), "SECURE_HSTS_INCLUDE_SUBDOMAINS": (BOOL,), "SECURE_HSTS_PRELOAD": (BOOL,),
    "SECURE_PROXY_SSL_HEADER": (PAIR, NONE), "SECURE_CONTENT_TYPE_NOSNIFF": (BOOL,),
    "SECURE_REFERRER_POLICY": (STR, STRS, NONE), "SECURE_CROSS_ORIGIN_OPENER_POLICY": (STR, NONE),
    "SESSION_COOKIE_SECURE": (BOOL,), "SESSION_COOKIE_HTTPONLY": (BOOL,), "CSRF_COOKIE_SECURE": (BOOL,),
    "CSRF_COOKIE_HTTPONLY": (BOOL,), "CSRF_TRUSTED_ORIGINS": (STRS,), "X_FRAME_OPTIONS": (STR,),
    "CSRF_USE_SESSIONS": (BOOL,), "SECRET_KEY_FALLBACKS": (STRS,), "SILENCED_SYSTEM_CHECKS": (STRS,),
}
# MIDDLEWARE may name Django's own and the course's middleware only: a path of the learner's would be imported,
# and its code run, by the check.
KNOWN_MIDDLEWARE = {
    "django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware", "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware", "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware", "django.middleware.locale.LocaleMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware", "corsheaders.middleware.CorsMiddleware",
}
# Django's own words at the end of every run of its system check: the check's report must hold them.
DJANGO_REPORT = "System check identified"

# Imports the learner's settings module (in the sandbox) and writes each setting of the allow-list as
# [its type's name, its value as JSON], once, to a descriptor kept aside before the import; then ends
# at once, so no code of the module's (atexit, a thread) writes after it.
_DUMP = """
import importlib, json, os, sys
out = os.dup(1)
os.dup2(2, 1)
module = importlib.import_module(sys.argv[1])
def typed(value):
    kind = type(value).__name__
    if type(value) in (bool, int, str, type(None)):
        return [kind, value]
    if type(value) in (list, tuple) and all(type(item) is str for item in value):
        return [kind, list(value)]
    return [kind, None]
data = {name: typed(getattr(module, name)) for name in json.loads(sys.argv[2]) if hasattr(module, name)}
os.write(out, (json.dumps(data) + "\\n").encode())
os._exit(0)
"""

# The check, on settings read from stdin as data, beside the course's apps, templates and logging:
# isolated mode (-I), so nothing beside it is imported, and no setting names code to run.
_CHECK = """
import json, sys
from django.conf import settings
settings.configure(**json.load(sys.stdin))
from django.core.management import execute_from_command_line
execute_from_command_line(["django-admin", *sys.argv[1:]])
"""


def _of_type(kind: str, value) -> bool:
    tag, data = value
    if kind == BOOL:
        return tag == "bool"
    if kind == INT:
        return tag == "int"
    if kind == STR:
        return tag == "str"
    if kind == NONE:
        return tag == "NoneType"
    if kind == STRS:
        return tag in ("list", "tuple") and isinstance(data, list)
    return tag in ("list", "tuple") and isinstance(data, list) and len(data) == 2  # PAIR


def typed_settings(dumped: dict) -> tuple[dict, list[str]]:
    """(settings of the allow-list whose types Django expects, one problem per setting of another type)."""
    values, problems = {}, []
    for name, kinds in SETTING_TYPES.items():
        value = dumped.get(name)
        if value is None:
            continue
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)):
            problems.append(f"{name} could not be read")
            continue
        if not any(_of_type(kind, value) for kind in kinds):
            problems.append(f"{name} should be a {' or a '.join(kinds)}, not a {one_word(value[0])}")
            continue
        values[name] = value[1]
    unknown = [path for path in values.get("MIDDLEWARE", []) if path not in KNOWN_MIDDLEWARE]
    if unknown:
        problems.append(f"MIDDLEWARE should name Django's middleware; {one_word(unknown[0])} is not one the check "
                        "loads")
        values.pop("MIDDLEWARE")
    return values, problems


def one_word(text) -> str:
    """A name the learner's code chose, shown safely: printable, at most 60 characters."""
    shown = "".join(character if character.isprintable() else "?" for character in str(text))
    return shown if len(shown) <= 60 else shown[:59] + "…"


def dump_settings(folder, environ, wrap=None) -> dict:
    """Import ``folder/production_settings.py`` in a new process: {name: [type, value]} of the allow-list."""
    try:
        done = _run(folder, ["-c", _DUMP, MODULE, json.dumps(sorted(SETTING_TYPES))], environ, wrap)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{MODULE}.py took more than {TIMEOUT_S} s to import") from None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) != 1:
        reason = _last_line(done.stderr) if done.returncode != 0 else "it wrote on the grader's channel itself"
        raise RuntimeError(f"{MODULE}.py could not be read: {one_word(reason)}")
    try:
        dumped = json.loads(lines[0])
    except (ValueError, RecursionError):
        dumped = None
    if not isinstance(dumped, dict):
        raise RuntimeError(f"{MODULE}.py could not be read")
    return dumped


def _deploy_check(folder, environ, wrap=None):
    from apilab.django_project.setup import INSTALLED_APPS, TEMPLATES

    try:
        values, problems = typed_settings(dump_settings(folder, environ, wrap))
    except RuntimeError as error:
        return DeployCheck(False, [], "", str(error))
    if problems:
        return DeployCheck(False, [], "", "; ".join(problems))
    configured = {"INSTALLED_APPS": INSTALLED_APPS, "TEMPLATES": TEMPLATES, **values,
                  "SILENCED_SYSTEM_CHECKS": []}  # silencing is the settings cell's to judge, not the check's
    command = [sys.executable, "-I", "-c", _CHECK, "check", "--deploy", "--fail-level", "WARNING"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    try:
        done = subprocess.run(wrap(command, {}) if wrap else command, cwd=os.fspath(folder), env=env,
                              input=json.dumps(configured), capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return DeployCheck(False, [], "", f"the deployment check took more than {TIMEOUT_S} s")
    output = done.stdout + done.stderr
    if DJANGO_REPORT not in output:
        return DeployCheck(False, [], output, f"Django's check gave no report: {one_word(_last_line(output))}")
    ids = sorted(set(CHECK_ID.findall(output)))
    load_error = "" if done.returncode == 0 or ids else _last_line(done.stderr or done.stdout)
    return DeployCheck(done.returncode == 0 and not ids, ids, output, load_error, values)


def read_settings(folder, names: Sequence[str], environ=None, wrap: Wrap | None = None):
    """Import ``folder/production_settings.py`` in a new process and return the settings ``names`` of the
    allow-list (RuntimeError naming a setting whose type is not what Django expects)."""
    values, problems = typed_settings(dump_settings(folder, production_environment() if environ is None else environ,
                                                    wrap))
    wanted = [problem for problem in problems if problem.split(" ", 1)[0] in names]
    if wanted:
        raise RuntimeError("; ".join(wanted))
    return {name: values.get(name) for name in names}
