"""Scratch projects for lesson Migrations-In-Practice: a Django project and a Flask app whose models a lesson changes.

::

    project = new_django_project()          # manage.py, settings.py, app "catalog" with a Product model
    manage(project, "makemigrations")       # apilab.django_project.commands.manage: in a process
    flask_project = new_flask_project()     # app.py: Flask-SQLAlchemy + Flask-Migrate (Alembic)
    flask_db(flask_project, "migrate -m 'add in_stock'", "upgrade")

Each project lives in a fresh temporary folder of its own (deleted when the
kernel exits), with its own sqlite database, so the lesson can change models,
generate migrations and roll them back without touching the course. The
models a lesson changes are plain files there: the lesson shows them and
writes their new text itself.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from apilab.django_project.commands import CommandResult
from apilab.serving.managed_process import child_environment

MANAGE_PY = '''\
#!/usr/bin/env python
"""The scratch project's command-line utility."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
'''

SETTINGS_PY = '''\
"""Settings of a scratch project: one app, a sqlite database in this folder."""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "a-scratch-project-never-deployed"
DEBUG = True
INSTALLED_APPS = ["catalog"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
'''

DJANGO_MODELS_PY = '''\
from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
    price_cents = models.PositiveIntegerField()
'''

FLASK_APP_PY = '''\
"""A Flask app with Flask-SQLAlchemy and Flask-Migrate: `flask --app app db ...` manages its schema."""
from pathlib import Path

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from models import db


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(__file__).resolve().parent / "shop.sqlite3")
    db.init_app(app)
    # render_as_batch: sqlite cannot alter most columns in place; Alembic then copies the table.
    Migrate(app, db, render_as_batch=True)
    return app
'''

FLASK_MODELS_PY = '''\
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()


class Product(db.Model):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    price_cents: Mapped[int]
'''


def _scratch_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def new_django_project() -> Path:
    """Create a scratch Django project (``manage.py``, ``settings.py``, app ``catalog``); return its folder."""
    folder = _scratch_folder("apilab-django-migrations-")
    (folder / "manage.py").write_text(MANAGE_PY)
    (folder / "settings.py").write_text(SETTINGS_PY)
    (folder / "catalog" / "migrations").mkdir(parents=True)
    (folder / "catalog" / "__init__.py").write_text("")
    (folder / "catalog" / "migrations" / "__init__.py").write_text("")
    (folder / "catalog" / "models.py").write_text(DJANGO_MODELS_PY)
    return folder


def new_flask_project() -> Path:
    """Create a scratch Flask app (``app.py``, ``models.py``) managed by Flask-Migrate; return its folder."""
    folder = _scratch_folder("apilab-flask-migrations-")
    (folder / "app.py").write_text(FLASK_APP_PY)
    (folder / "models.py").write_text(FLASK_MODELS_PY)
    return folder


# Runs several `flask db` commands in one process (each Python start with Flask and Alembic costs
# about a second), like `cmd1 && cmd2` in a shell: it stops at the first that fails.
FLASK_DB_RUNNER = """
import shlex, sys
from flask.cli import cli

for command in sys.argv[1:]:
    try:
        cli.main(["--app", "app", "db", *shlex.split(command)], standalone_mode=False)
    except BaseException as error:
        code = getattr(error, "code", 1)
        if code not in (0, None):
            print(f"{type(error).__name__}: {error}", flush=True)
            sys.exit(code if isinstance(code, int) else 1)
    sys.stdout.flush()
    sys.stderr.flush()
"""


def flask_db(folder, *commands: str, timeout: float = 60) -> CommandResult:
    """Run Flask-Migrate's commands in ``folder`` in one process: ``flask_db(f, "migrate -m 'x'", "upgrade")``.

    Each argument is one ``flask --app app db ...`` command line (without that prefix).
    """
    folder = Path(folder)
    if not (folder / "app.py").is_file():
        raise ValueError(f"no app.py in {folder}: make one with new_flask_project()")
    if not commands or not all(isinstance(command, str) and command.strip() for command in commands):
        raise TypeError(f"flask_db() takes one or more command lines, such as 'upgrade', got {commands!r}")
    completed = subprocess.run(
        [sys.executable, "-c", FLASK_DB_RUNNER, *commands], cwd=folder,
        env=child_environment({"PYTHONDONTWRITEBYTECODE": "1"}),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout,
    )
    # Alembic announces each autogenerate plugin it loads: noise for a lesson.
    output = "".join(line for line in completed.stdout.splitlines(keepends=True)
                     if "[alembic.runtime.plugins]" not in line)
    return CommandResult(" && ".join(f"flask --app app db {command}" for command in commands),
                         completed.returncode, output)
