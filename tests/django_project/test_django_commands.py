"""apilab.django_project.commands.manage: runs manage.py in its own process and reports both streams."""

import pytest
from course_paths import NOTEBOOKS

from apilab.django_project.commands import manage

DEPLOYMENT = NOTEBOOKS / "deployment"


def test_check_deploy_fails_on_development_settings_and_shows_the_warnings():
    result = manage(DEPLOYMENT, "check", "--deploy", "--fail-level", "WARNING", "--settings", "dev_settings")
    assert not result.ok
    assert "security.W018" in result.output  # DEBUG = True
    assert str(result).startswith("$ python manage.py check --deploy")


def test_production_settings_pass_check_deploy_with_their_environment(tmp_path):
    env = {"DJANGO_SECRET_KEY": "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
           "DJANGO_ALLOWED_HOSTS": "localhost", "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    result = manage(DEPLOYMENT, "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.ok, result.output


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = manage(DEPLOYMENT, "check", env={"DJANGO_SECRET_KEY": ""})
    assert not result.ok and "Set the environment variable DJANGO_SECRET_KEY" in result.output


def test_a_folder_without_manage_py_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no manage.py"):
        manage(tmp_path, "check")
