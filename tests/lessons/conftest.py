"""Fixtures for the tests of apilab.lessons: a scratch copy of the deployment folder, no leaked servers."""

import shutil

import pytest
from course_paths import NOTEBOOKS
from leak_checks import no_leaks  # noqa: F401 (fixture)


@pytest.fixture
def deployment_copy(tmp_path):
    """A scratch copy of notebooks/deployment/ that a test may edit."""
    copy = tmp_path / "deployment"
    shutil.copytree(NOTEBOOKS / "deployment", copy,
                    ignore=shutil.ignore_patterns("__pycache__", "staticfiles", "db.sqlite3"))
    return copy
