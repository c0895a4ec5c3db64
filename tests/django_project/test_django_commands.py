"""apilab.django_project.commands.manage: runs manage.py in its own process and reports both streams."""

import re

import pytest
from course_paths import NOTEBOOKS

from apilab.django_project.commands import manage

DEPLOYMENT = NOTEBOOKS / "deployment"


def test_check_deploy_fails_on_development_settings_and_shows_the_warnings():
    result = manage(DEPLOYMENT, "check", "--deploy", "--fail-level", "WARNING", "--settings", "dev_settings")
    assert not result.ok
    assert "security.W018" in result.output  # DEBUG = True
    assert str(result).startswith("$ python manage.py check --deploy")


PRODUCTION_ENV = {"DJANGO_SECRET_KEY": "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
                  "DJANGO_ALLOWED_HOSTS": "localhost"}


def test_production_settings_at_hsts_first_step_warn_only_of_the_steps_not_taken(tmp_path):
    """The first HSTS step (a short max-age, no subdomains, no preload) leaves exactly W005 and W021."""
    env = {**PRODUCTION_ENV, "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    result = manage(DEPLOYMENT, "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert not result.ok and set(re.findall(r"security\.W\d{3}", result.output)) == {"security.W005", "security.W021"}


def test_production_settings_pass_check_deploy_at_the_last_hsts_step(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"), "DJANGO_HSTS_SECONDS": "63072000",
           "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true", "DJANGO_HSTS_PRELOAD": "true"}
    result = manage(DEPLOYMENT, "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.ok, result.output


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = manage(DEPLOYMENT, "check", env={"DJANGO_SECRET_KEY": ""})
    assert not result.ok and "Set the environment variable DJANGO_SECRET_KEY" in result.output


def test_a_folder_without_manage_py_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no manage.py"):
        manage(tmp_path, "check")
