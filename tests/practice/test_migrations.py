"""Self-check cells of lesson Migrations-In-Practice: migrations applied and rolled back on fresh databases."""

import pytest

from apilab.django_project.commands import manage
from apilab.lessons.migration_project import new_django_project
from apilab.lessons.practice.migrations import (
    check_alembic_data_migration,
    check_database_default,
    check_slug_migration,
)

SLUG_MIGRATION = '''\
from django.db import migrations
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    for product in Product.objects.all():
        product.slug = slugify(product.name)
        product.save(update_fields=["slug"])


def empty_slugs(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    Product.objects.update(slug="")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_product_slug")]

    operations = [migrations.RunPython(fill_slugs, empty_slugs)]
'''


def test_the_slug_check_is_not_done_on_the_template_and_passes_the_answer(capsys):
    assert check_slug_migration(None) is None
    assert capsys.readouterr().out.startswith("not done yet")
    assert check_slug_migration(SLUG_MIGRATION) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out


def test_a_naive_slug_and_no_reverse_get_hints_without_the_answer(capsys):
    naive = SLUG_MIGRATION.replace("slugify(product.name)", "product.name.lower()").replace(", empty_slugs", "")
    assert check_slug_migration(naive) == 2
    out = capsys.readouterr().out
    assert "✗ each row's slug is filled from its name: 'Blue Teapot' got slug 'blue teapot'; use slugify" in out
    assert "✗ it rolls back (migrate catalog 0002): rolling back failed: IrreversibleError" in out
    assert "blue-teapot" not in out                                        # the expected slug is never printed
    keeps = SLUG_MIGRATION.replace('Product.objects.update(slug="")', "pass")
    assert check_slug_migration(keeps) == 1
    assert "✗ rolling back empties the slugs again" in capsys.readouterr().out


def test_a_migration_that_does_not_load_or_raises_gets_a_failed_point(capsys):
    assert check_slug_migration("from django.db import migrations\nclass Migration(") == 1
    assert "✗ it applies on a fresh database: migrate failed: SyntaxError" in capsys.readouterr().out
    raising = SLUG_MIGRATION.replace("for product in", "raise ValueError('no products')\n    for product in")
    assert check_slug_migration(raising) == 1
    assert "migrate failed: ValueError: no products" in capsys.readouterr().out


@pytest.fixture(scope="module")
def sku_projects():
    """Two projects at 0002_product_sku: one with db_default, one with a default kept in Python only."""
    projects = {}
    for kind, option in [("db_default", 'db_default="UNKNOWN"'), ("default", 'default="UNKNOWN"')]:
        project = new_django_project()
        manage(project, "makemigrations", "catalog")
        models = project / "catalog" / "models.py"
        models.write_text(models.read_text() + f"    sku = models.CharField(max_length=20, {option})\n")
        assert manage(project, "makemigrations", "catalog", "--name", "product_sku").ok
        projects[kind] = project
    return projects


def test_the_database_default_check_passes_a_default_kept_in_the_table(sku_projects, capsys):
    assert check_database_default(sku_projects["db_default"], None) is None
    assert capsys.readouterr().out.startswith("not done yet")
    database = sku_projects["db_default"] / "db.sqlite3"
    before = database.read_bytes() if database.exists() else None
    assert check_database_default(sku_projects["db_default"], "0002_product_sku") == 0
    assert "All checks passed." in capsys.readouterr().out
    assert (database.read_bytes() if database.exists() else None) == before   # the check worked on a copy


def test_a_python_default_a_wrong_name_and_a_forgotten_migration_are_named(sku_projects, capsys):
    assert check_database_default(sku_projects["default"], "0002_product_sku") == 1
    out = capsys.readouterr().out
    assert "✗ a row inserted without sku gets the default from the database: it got 'failed: NOT NULL" in out
    assert "UNKNOWN" not in out
    assert check_database_default(sku_projects["db_default"], "0003_sku") == 1
    assert "✗ a migration 0003_sku exists" in capsys.readouterr().out
    models = sku_projects["db_default"] / "catalog" / "models.py"
    text = models.read_text()
    models.write_text(text + "    note = models.TextField(default='')\n")
    try:
        assert check_database_default(sku_projects["db_default"], "0002_product_sku") == 1
        assert "✗ the models and the migrations agree" in capsys.readouterr().out
    finally:
        models.write_text(text)


ALEMBIC_FUNCTIONS = '''\
def upgrade():
    op.execute("UPDATE products SET in_stock = false WHERE price_cents = 0")


def downgrade():
    op.execute("UPDATE products SET in_stock = true WHERE price_cents = 0")
'''


def test_the_alembic_check_is_not_done_on_the_template_and_passes_the_answer(capsys):
    assert check_alembic_data_migration(None) is None
    assert capsys.readouterr().out.startswith("not done yet")
    assert check_alembic_data_migration(ALEMBIC_FUNCTIONS) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out


def test_alembic_functions_that_reach_every_row_or_fail_get_hints(capsys):
    every_row = ALEMBIC_FUNCTIONS.replace(' WHERE price_cents = 0")\n\n\n', '")\n\n\n')
    no_way_back = ALEMBIC_FUNCTIONS.replace('op.execute("UPDATE products SET in_stock = true WHERE price_cents = 0")',
                                            "pass")
    assert check_alembic_data_migration(every_row) == 2
    out = capsys.readouterr().out
    assert "✗ after upgrade, the free product is out of stock, the others as they were: 'Teapot' has in_stock False" \
        in out
    assert "WHERE" not in out                                               # the answer's SQL is never printed
    assert check_alembic_data_migration(no_way_back) == 1
    assert "✗ after downgrade, each product's stock is as it was before upgrade: 'Old kettle'" \
        in capsys.readouterr().out
    assert check_alembic_data_migration(ALEMBIC_FUNCTIONS.replace("UPDATE products", "UPDATE product")) == 1
    assert "upgrade failed: OperationalError: no such table: product" in capsys.readouterr().out
    assert check_alembic_data_migration("def upgrade(:\n") == 1
    assert "upgrade failed: SyntaxError" in capsys.readouterr().out


def test_alembic_functions_that_forget_a_product_already_out_of_stock_are_refused(capsys):
    by_price = """\
def upgrade():
    op.execute("UPDATE products SET in_stock = price_cents > 0")


def downgrade():
    op.execute("UPDATE products SET in_stock = true")
"""
    assert check_alembic_data_migration(by_price) == 2
    out = capsys.readouterr().out
    assert "'Sugar bowl' has in_stock True" in out and "WHERE" not in out


def test_a_migration_that_runs_too_long_is_stopped_and_named(capsys, monkeypatch):
    from apilab.lessons.practice import migrations

    monkeypatch.setattr(migrations, "LEARNER_SECONDS", 3)
    sleeping = SLUG_MIGRATION.replace("for product in", "__import__('time').sleep(60)\n    for product in")
    assert check_slug_migration(sleeping) == 1
    assert "✗ it applies on a fresh database: migrate failed: your migration ran over 3 s" in capsys.readouterr().out
    sleeping = ALEMBIC_FUNCTIONS.replace("def upgrade():\n", "def upgrade():\n    __import__('time').sleep(60)\n")
    assert check_alembic_data_migration(sleeping) == 1
    assert "upgrade failed: your migration ran over 3 s" in capsys.readouterr().out


def test_a_migration_that_does_not_add_sku_is_named(sku_projects, capsys):
    assert check_database_default(sku_projects["db_default"], "0001_initial") == 1
    assert "✗ that migration adds the field sku" in capsys.readouterr().out


def test_no_hint_is_long(sku_projects, capsys):
    raising = SLUG_MIGRATION.replace("for product in", f"raise ValueError('{'x' * 500}')\n    for product in")
    check_slug_migration(raising)
    check_database_default(sku_projects["db_default"], "0009_" + "y" * 300)
    check_alembic_data_migration(ALEMBIC_FUNCTIONS.replace("UPDATE products", "UPDATE " + "z" * 300))
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line) <= 200 for line in lines)
