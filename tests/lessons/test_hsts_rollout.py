"""The deployment project's HSTS rollout: a short first step by default, each step chosen by the environment.

check --deploy reminds of the steps not yet taken (security.W005, security.W021) and of nothing else; the last
step passes clean; preload before its requirements refuses to start.
"""

import re

import pytest
from course_paths import NOTEBOOKS

from apilab.django_project.commands import manage

DEPLOYMENT = NOTEBOOKS / "deployment"


@pytest.fixture
def env(tmp_path):
    return {"DJANGO_SECRET_KEY": "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
            "DJANGO_ALLOWED_HOSTS": "localhost", "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3")}


def warnings_of(result) -> set[str]:
    return set(re.findall(r"security\.W\d+", result.output))


def test_the_first_step_leaves_only_the_reminders_of_the_next(env):
    first = manage(DEPLOYMENT, "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert not first.ok and warnings_of(first) == {"security.W005", "security.W021"}
    assert "0 silenced" in first.output


def test_the_last_step_passes_clean(env):
    last = {**env, "DJANGO_HSTS_SECONDS": "63072000", "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true",
            "DJANGO_HSTS_PRELOAD": "true"}
    result = manage(DEPLOYMENT, "check", "--deploy", "--fail-level", "WARNING", env=last)
    assert result.ok, result.output


@pytest.mark.parametrize("step", [{"DJANGO_HSTS_PRELOAD": "1"},
                                  {"DJANGO_HSTS_PRELOAD": "1", "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1"},
                                  {"DJANGO_HSTS_PRELOAD": "1", "DJANGO_HSTS_SECONDS": "31536000"}])
def test_preload_before_its_requirements_refuses_to_start(env, step):
    result = manage(DEPLOYMENT, "check", env={**env, **step})
    assert not result.ok and "HSTS preload needs includeSubDomains and a max-age of at least a year" in result.output
