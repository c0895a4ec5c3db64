"""Practice in the lesson Migrations-In-Practice: data migrations and a database default, on fresh databases.

Each check works in a scratch copy (never the lesson's own database): it applies the learner's
migration, reads the rows back with sqlite, rolls back where asked, and deletes the copy.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from django.utils.text import slugify

from apilab.django_project.commands import manage
from apilab.lessons.migration_project import FLASK_MODELS_PY, new_django_project, new_flask_project
from apilab.lessons.practice.feedback import not_done, one_line, point, report
from apilab.serving.managed_process import child_environment

SLUG_FIELD = '    slug = models.SlugField(max_length=100, default="", blank=True)\n'
SLUG_MIGRATION_FILE = "0003_fill_slugs.py"
NAMES = ["Blue Teapot", "Mug", "Old  kettle (2L)"]
TABLE = "catalog_product"
LEARNER_SECONDS = 60            # a step that runs a learner's migration is stopped after this long
RAN_OVER = "your migration ran over {seconds:g} s"


def _manage(project, *arguments: str):
    """``manage(project, ...)`` for a step that runs a learner's code: stopped, and said so, when it runs too long."""
    from apilab.django_project.commands import CommandResult

    try:
        return manage(project, *arguments, timeout=LEARNER_SECONDS)
    except subprocess.TimeoutExpired:
        return CommandResult("python manage.py " + " ".join(arguments), -1,
                             RAN_OVER.format(seconds=LEARNER_SECONDS))


def _slugs(database: Path) -> dict[str, str]:
    with sqlite3.connect(database) as connection:
        return dict(connection.execute(f"SELECT name, slug FROM {TABLE} ORDER BY id"))


def _failure(result) -> str:
    """The last line a failed command printed (an exception's message), for a hint."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    last = re.sub(r"^[\w.]+\.(\w+):", r"\1:", lines[-1].strip()) if lines else f"exit code {result.returncode}"
    return one_line(last, 70)


def _slug_project() -> Path:
    """A fresh project at migration 0002_product_slug: three products, each with an empty slug."""
    project = new_django_project()
    manage(project, "makemigrations", "catalog", "--name", "initial")
    models = project / "catalog" / "models.py"
    models.write_text(models.read_text() + SLUG_FIELD)
    manage(project, "makemigrations", "catalog", "--name", "product_slug")
    manage(project, "migrate")
    with sqlite3.connect(project / "db.sqlite3") as connection:
        connection.executemany(f"INSERT INTO {TABLE} (name, price_cents, slug) VALUES (?, 100, '')",
                               [(name,) for name in NAMES])
    return project


def check_slug_migration(migration_source: str | None) -> int | None:
    """The learner's data migration fills each slug from its name, rolls back to empty slugs, and applies again."""
    if not isinstance(migration_source, str) or not migration_source.strip():
        return not_done("set `SLUG_MIGRATION` to the text of your migration file, and run this again")
    project = _slug_project()
    try:
        database = project / "db.sqlite3"
        (project / "catalog" / "migrations" / SLUG_MIGRATION_FILE).write_text(migration_source)
        expected = {name: slugify(name) for name in NAMES}
        forward = _manage(project, "migrate", "catalog")
        results = [point(forward.ok, "it applies on a fresh database", f"migrate failed: {_failure(forward)}")]
        if not forward.ok:
            return report(results)
        filled = _slugs(database)
        wrong = [name for name in NAMES if filled.get(name) != expected[name]]
        results.append(point(not wrong, "each row's slug is filled from its name",
                             f"{wrong[0]!r} got slug {filled.get(wrong[0])!r}; use slugify on the name"
                             if wrong else ""))
        back = _manage(project, "migrate", "catalog", "0002")
        results.append(point(back.ok, "it rolls back (migrate catalog 0002)",
                             f"rolling back failed: {_failure(back)}; give RunPython a reverse function"))
        if back.ok:
            emptied = _slugs(database)
            results.append(point(all(slug == "" for slug in emptied.values()), "rolling back empties the slugs again",
                                 "the reverse function should undo the forward one: every slug back to \"\""))
            again = _manage(project, "migrate", "catalog")
            results.append(point(again.ok and _slugs(database) == filled, "it applies again after the rollback",
                                 f"the second migrate gave other slugs or failed: {_failure(again)}"))
        return report(results)
    finally:
        shutil.rmtree(project, ignore_errors=True)


def _insert_without(database: Path, column: str) -> str | None:
    """Insert a row naming every column but ``id`` and ``column``, as code older than the column does."""
    with sqlite3.connect(database) as connection:
        table = [(row[1], row[2].lower()) for row in connection.execute(f"PRAGMA table_info({TABLE})")]
        if column not in {name for name, _ in table}:
            return f"no column {column}"
        columns = [(name, kind) for name, kind in table if name not in ("id", column)]
        values = ["Tray" if "char" in kind or "text" in kind else 1 for _, kind in columns]
        try:
            cursor = connection.execute(f"INSERT INTO {TABLE} ({', '.join(name for name, _ in columns)}) "
                                        f"VALUES ({', '.join('?' for _ in values)})", values)
            (stored,) = connection.execute(f"SELECT {column} FROM {TABLE} WHERE id = ?",
                                           (cursor.lastrowid,)).fetchone()
        except sqlite3.Error as error:
            return one_line(f"failed: {error}", 60)
        return stored


# Asks Django's migration loader whether the model has the field sku before the named migration and after it.
ADDS_SKU = """
import json
from django.db.migrations.loader import MigrationLoader

loader = MigrationLoader(None, ignore_no_migrations=True)
key = ("catalog", {name})
def has_sku(at_end):
    model = loader.project_state(key, at_end=at_end).models.get(("catalog", "product"))
    return model is not None and "sku" in model.fields
print("ADDS " + json.dumps(key in loader.graph.nodes and not has_sku(False) and has_sku(True)))
"""


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:                 # a name too long for a file name
        return False


def _adds_sku(project: Path, name: str) -> bool | str:
    """True when migration ``name`` of ``catalog`` adds the field sku; False when not; a hint when it cannot say."""
    asked = _manage(project, "shell", "-c", ADDS_SKU.format(name=json.dumps(name)))
    said = [line for line in asked.output.splitlines() if line.startswith("ADDS ")]
    return json.loads(said[-1][len("ADDS "):]) if said else f"the migrations do not load: {_failure(asked)}"


def check_database_default(project, migration_name: str | None) -> int | None:
    """The learner's ``sku`` migration: on a fresh database, a row inserted without ``sku`` gets a default."""
    if not isinstance(migration_name, str) or not migration_name.strip():
        return not_done("make the migration, set `sku_migration` to its name, and run this again")
    copy = Path(tempfile.mkdtemp(prefix="apilab-practice-sku-"))
    try:
        shutil.copytree(project, copy, dirs_exist_ok=True, ignore=shutil.ignore_patterns("db.sqlite3", "__pycache__"))
        migration = copy / "catalog" / "migrations" / f"{migration_name.removesuffix('.py')}.py"
        exists = _is_file(migration)
        results = [point(exists, f"a migration {one_line(migration.stem, 40)} exists",
                         "use the name makemigrations printed, without the folder and without .py")]
        if exists:
            adds = _adds_sku(copy, migration.stem)
            results.append(point(adds is True, "that migration adds the field sku",
                                 adds if isinstance(adds, str) else "it does not: name the migration makemigrations "
                                 "wrote for sku"))
        applied = _manage(copy, "migrate")
        results.append(point(applied.ok, "every migration applies on a fresh database",
                             f"migrate failed: {_failure(applied)}"))
        if applied.ok:
            stored = _insert_without(copy / "db.sqlite3", "sku")
            results.append(point(stored == "UNKNOWN", "a row inserted without sku gets the default from the database",
                                 f"it got {stored!r}: default= is applied by Django, not kept in the table"))
        agree = manage(copy, "makemigrations", "catalog", "--check", "--dry-run")
        results.append(point(agree.ok, "the models and the migrations agree",
                             "makemigrations --check finds changes no migration holds yet"))
        return report(results)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


# name, price, in stock: the lesson's three products, and a paid one already out of stock, which both steps leave so.
CATALOGUE = [("Teapot", 2500, True), ("Mug", 800, True), ("Old kettle", 0, True), ("Sugar bowl", 1200, False)]
# The lesson's models (migration_project.FLASK_MODELS_PY) with the stock column this practice migrates.
FLASK_MODELS_WITH_STOCK = (
    FLASK_MODELS_PY.replace("from sqlalchemy import String\n", "from sqlalchemy import String, true\n")
    + "    in_stock: Mapped[bool] = mapped_column(default=True, server_default=true())\n")


# One process does it all (each Python start with Flask and Alembic costs about a second): a first revision
# autogenerated from the models, three products, an empty revision given the learner's functions, then
# upgrade and downgrade, reading the products' stock after each. It prints one JSON line of what it saw.
ALEMBIC_RUNNER = """
import json, sqlite3, sys
from pathlib import Path
from flask.cli import cli

def db(*args):
    try:
        cli.main(["--app", "app", "db", *args], standalone_mode=False)
    except BaseException as error:
        if getattr(error, "code", 1) not in (0, None):
            raise RuntimeError(f"{type(error).__name__}: {error}") from error

def stock():
    with sqlite3.connect("shop.sqlite3") as connection:
        return dict(connection.execute("SELECT name, in_stock FROM products"))

seen = {}
db("init"); db("migrate", "-m", "products"); db("upgrade")
with sqlite3.connect("shop.sqlite3") as connection:
    connection.executemany("INSERT INTO products (name, price_cents, in_stock) VALUES (?, ?, ?)",
                           json.loads(sys.argv[1]))
db("revision", "-m", "discontinue free products")
(script,) = Path("migrations", "versions").glob("*_discontinue_free_products.py")
draft = script.read_text()
script.write_text(draft[:draft.index("def upgrade")] + Path("learner_functions.py").read_text())
for step in ("upgrade", "downgrade"):
    try:
        db(step)
        seen[step] = stock()
    except Exception as error:
        seen[step] = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        break
print("SEEN " + json.dumps(seen), flush=True)
"""


def _run_alembic_steps(functions_source: str) -> dict:
    """Run ``ALEMBIC_RUNNER`` in a fresh Flask app: ``{"upgrade": stock or error, "downgrade": …}``."""
    project = new_flask_project()
    try:
        (project / "models.py").write_text(FLASK_MODELS_WITH_STOCK)
        (project / "learner_functions.py").write_text(functions_source)
        try:
            completed = subprocess.run(
                [sys.executable, "-c", ALEMBIC_RUNNER, json.dumps(CATALOGUE)], cwd=project,
                env=child_environment({"PYTHONDONTWRITEBYTECODE": "1"}), stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=LEARNER_SECONDS)
        except subprocess.TimeoutExpired:
            return {"upgrade": RAN_OVER.format(seconds=LEARNER_SECONDS)}
        seen = [line for line in completed.stdout.splitlines() if line.startswith("SEEN ")]
        return json.loads(seen[-1][len("SEEN "):]) if seen else {"upgrade": f"exit code {completed.returncode}"}
    finally:
        shutil.rmtree(project, ignore_errors=True)


def _short(error: str) -> str:
    error = re.sub(r"\(sqlite3\.\w+\) ", "", error)           # SQLAlchemy repeats the driver's error name
    return one_line(re.sub(r"^[\w.]+\.(\w+):", r"\1:", error), 56)


def check_alembic_data_migration(functions_source: str | None) -> int | None:
    """The learner's ``upgrade()`` and ``downgrade()``: free products out of stock, and back in stock."""
    if not isinstance(functions_source, str) or "def upgrade" not in functions_source:
        return not_done("set `ALEMBIC_FUNCTIONS` to the text of upgrade() and downgrade(), and run this again")
    seen = _run_alembic_steps(functions_source)
    upgraded, downgraded = seen.get("upgrade"), seen.get("downgrade")
    results = [point(isinstance(upgraded, dict), "flask db upgrade runs it on a fresh database",
                     f"upgrade failed: {_short(str(upgraded))}")]
    if not isinstance(upgraded, dict):
        return report(results)
    wrong = [name for name, price, stock in CATALOGUE if bool(upgraded.get(name)) is not (stock and price > 0)]
    results.append(point(not wrong, "after upgrade, the free product is out of stock, the others as they were",
                         f"{wrong[0]!r} has in_stock {bool(upgraded.get(wrong[0]))}; which rows does your UPDATE reach?"
                         if wrong else ""))
    results.append(point(isinstance(downgraded, dict), "flask db downgrade runs it backwards",
                         f"downgrade failed: {_short(str(downgraded))}"))
    if isinstance(downgraded, dict):
        wrong = [name for name, _, stock in CATALOGUE if bool(downgraded.get(name)) is not stock]
        results.append(point(not wrong, "after downgrade, each product's stock is as it was before upgrade",
                             f"{wrong[0]!r} has in_stock {bool(downgraded.get(wrong[0]))}; downgrade() should undo "
                             "only what upgrade() did" if wrong else ""))
    return report(results)
