"""What every test shares: each suite's own time limit, the lesson runs kept on one worker, Django fixtures.

A unit test gets pytest-timeout's default (``timeout`` in pyproject.toml, what a unit
test needs); a test marked as one of the long suites (notebooks, browsers, a hub, the
grading term) gets that suite's limit, unless it sets its own. When the suite runs on
several workers (``make test-fast``: pytest-xdist, ``--dist loadgroup``), every test that
reads the session's lesson runs goes to one worker, which runs each lesson once.
``django_ready`` and ``product_table`` serve the tests that need Django in the test process.
"""

import pytest

import apilab

SUITE_TIMEOUTS = {"cycle": 1800, "hub": 1800, "browser": 900, "slow": 600, "soak": 600}  # seconds, by marker


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "lesson_runs" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("lessons"))
        if item.get_closest_marker("timeout"):
            continue
        for marker, seconds in SUITE_TIMEOUTS.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.timeout(seconds))
                break


@pytest.fixture(scope="session")
def django_ready():
    """Configure Django once for the test process (setup_django is idempotent)."""
    apilab.setup_django()


@pytest.fixture
def product_table(django_ready):
    """The Product table holding two products that are not the checks' own; emptied afterwards."""
    from apilab.django_project.shop.models import Product

    Product.objects.all().delete()
    Product.objects.create(name="Teapot", price_cents=2500)
    Product.objects.create(name="Cup", price_cents=450, in_stock=False)
    yield Product
    Product.objects.all().delete()
