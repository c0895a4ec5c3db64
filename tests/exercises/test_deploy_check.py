"""Django's deployment check and the settings read, each in a process of its own (exercise 4 and its grader)."""

from __future__ import annotations

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

    def wrap(argv):
        commands.append(argv)
        return argv

    check = run_deploy_check(tmp_path, wrap=wrap)
    assert len(commands) == 2  # the settings read as data, then the check on that data, both wrapped
    assert commands[1][1] == "-I" and "check" in commands[1] and "--deploy" in commands[1]
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
