"""Django's deployment check and the settings read, each in a process of its own (exercise 4 and its grader)."""

from __future__ import annotations

import secrets

from apilab.exercises.auth_production.deploy_check import read_settings, run_deploy_check

SETTINGS = '''import os
from apilab.django_project.setup import INSTALLED_APPS, MIDDLEWARE, TEMPLATES
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
DEBUG = True
'''


def test_the_check_names_the_failed_checks_and_runs_through_wrap(tmp_path):
    (tmp_path / "production_settings.py").write_text(SETTINGS)
    commands = []

    def wrap(argv, env):  # as the sandbox does, the variables are given to the wrapped command, not inherited
        commands.append((argv, env))
        return ["env", *(f"{name}={value}" for name, value in env.items()), *argv]

    check = run_deploy_check(tmp_path, wrap=wrap)
    assert len(commands) == 2  # the settings read as data, then the check on that data, both wrapped
    (_, reading), (checking, _) = commands
    assert reading["DJANGO_SETTINGS_MODULE"] == "production_settings" and reading["DJANGO_SECRET_KEY"]
    assert checking[1] == "-I" and "check" in checking and "--deploy" in checking
    assert not check.passed and "security.W018" in check.ids and check.load_error == ""


def test_the_settings_code_cannot_fake_the_check(tmp_path):
    """Settings that print "no issues" and leave, or patch Django's checks, are checked as the data they hold."""
    (tmp_path / "production_settings.py").write_text(SETTINGS + '''
import atexit, os, sys
import django.core.checks.registry as registry
registry.CheckRegistry.run_checks = lambda self, *args, **kwargs: []
if "check" in sys.argv:
    print("System check identified no issues (0 silenced).")
    os._exit(0)
''')
    check = run_deploy_check(tmp_path, environ={"DJANGO_SECRET_KEY": "k" * 60, "DJANGO_ALLOWED_HOSTS": "a.example.com"})
    assert not check.passed and "security.W018" in check.ids, check


def test_settings_are_read_with_the_environment_given(tmp_path):
    (tmp_path / "production_settings.py").write_text(SETTINGS)
    environment = {"DJANGO_SECRET_KEY": "s" * 50, "DJANGO_ALLOWED_HOSTS": "a.example.com,b.example.com"}
    values = read_settings(tmp_path, ["SECRET_KEY", "ALLOWED_HOSTS", "MISSING"], environment)
    assert values == {"SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": ["a.example.com", "b.example.com"], "MISSING": None}


def test_settings_that_do_not_load_say_why(tmp_path):
    (tmp_path / "production_settings.py").write_text("raise ValueError('no such setting')\n")
    check = run_deploy_check(tmp_path, environ={})
    assert not check.passed and "no such setting" in check.load_error


PRODUCTION = SETTINGS.replace("DEBUG = True", '''DEBUG = False
MIDDLEWARE = MIDDLEWARE + ["django.middleware.clickjacking.XFrameOptionsMiddleware"]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True''')
ENVIRONMENT = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "a.example.com"}


def test_the_production_settings_pass(tmp_path):
    (tmp_path / "production_settings.py").write_text(PRODUCTION)
    check = run_deploy_check(tmp_path, environ=ENVIRONMENT)
    assert check.passed, check.output


def test_a_setting_of_another_type_than_djangos_is_a_problem_not_a_pass(tmp_path):
    """DEBUG = "False" is on for Django; a string of seconds is no HSTS: neither is handed to Django to judge."""
    for edit, named in ((("DEBUG = False", 'DEBUG = "False"'), "DEBUG should be a bool, not a str"),
                        (("SECURE_HSTS_SECONDS = 3600", 'SECURE_HSTS_SECONDS = "3600"'), "SECURE_HSTS_SECONDS"),
                        (("SECURE_SSL_REDIRECT = True", "SECURE_SSL_REDIRECT = 1"), "SECURE_SSL_REDIRECT")):
        (tmp_path / "production_settings.py").write_text(PRODUCTION.replace(*edit))
        check = run_deploy_check(tmp_path, environ=ENVIRONMENT)
        assert not check.passed and named in check.load_error, check


def test_no_setting_makes_the_check_run_the_learners_code(tmp_path):
    """A middleware of the learner's, or a logging handler built by a function it names, would run code in the
    check's process: the first is refused, the second never reaches Django (logging is the course's)."""
    canary = tmp_path / "ran.txt"
    logging = ('LOGGING = {"version": 1, "handlers": {"x": {"()": "builtins.open", "file": ' + repr(str(canary)) +
               ', "mode": "w"}}, "root": {"handlers": ["x"]}}\n')
    (tmp_path / "production_settings.py").write_text(PRODUCTION + "\n" + logging)
    assert run_deploy_check(tmp_path, environ=ENVIRONMENT).passed
    assert not canary.exists()
    theirs = '\nMIDDLEWARE = MIDDLEWARE + ["production_settings"]\n'
    (tmp_path / "production_settings.py").write_text(PRODUCTION + theirs)
    check = run_deploy_check(tmp_path, environ=ENVIRONMENT)
    assert not check.passed and "MIDDLEWARE should name Django's middleware" in check.load_error


def test_settings_that_write_on_the_graders_channel_are_not_read(tmp_path):
    forged = '\nimport os\nos.write(3, b\'{"DEBUG": ["bool", false]}\\n\')\n'
    (tmp_path / "production_settings.py").write_text(PRODUCTION + forged)
    check = run_deploy_check(tmp_path, environ=ENVIRONMENT)
    assert not check.passed and "could not be read" in check.load_error
