"""The scratch projects of lesson Migrations-In-Practice migrate in processes of their own, and say when they fail."""

import sqlite3

import pytest

from apilab.django_project.commands import manage
from apilab.lessons.migration_project import flask_db, new_django_project, new_flask_project


def tables(database) -> set[str]:
    with sqlite3.connect(database) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_the_django_project_makes_and_applies_its_first_migration_in_a_folder_of_its_own():
    project, other = new_django_project(), new_django_project()
    assert project != other
    made = manage(project, "makemigrations", "catalog")
    assert made.ok and "0001_initial.py" in made.output
    assert manage(project, "migrate").ok
    assert {"catalog_product", "django_migrations"} <= tables(project / "db.sqlite3")
    assert not (other / "catalog" / "migrations" / "0001_initial.py").exists()


def test_flask_db_runs_several_commands_in_one_process_and_stops_at_the_first_failure():
    project = new_flask_project()
    done = flask_db(project, "init", "migrate -m 'create products'", "upgrade")
    assert done.ok, done.output
    assert done.command.count("flask --app app db") == 3
    assert "Detected added table 'products'" in done.output and "[alembic.runtime.plugins]" not in done.output
    assert {"products", "alembic_version"} <= tables(project / "shop.sqlite3")
    failed = flask_db(project, "nonsense", "downgrade base")
    assert not failed.ok and "No such command 'nonsense'" in failed.output
    assert "Running downgrade" not in failed.output  # the command after the failure did not run


def test_bad_input_is_named(tmp_path):
    with pytest.raises(ValueError, match="no app.py"):
        flask_db(tmp_path, "upgrade")
    with pytest.raises(TypeError, match="command lines"):
        flask_db(new_flask_project())
