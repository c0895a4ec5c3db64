"""Both reference solutions pass every check of the contract, on stores that already hold data."""

import requests
from reference_apps.assertions import FLASK_TOKEN, seed
from reference_apps.flask_products import create_app

from apilab.contract import PART_GROUPS, check_fresh_stores, compare_reports, run_checks


def test_flask_reference_passes_part_a_twice(serve_app):
    server = serve_app(create_app())
    seed(server.url)
    first = run_checks(server.url)
    second = run_checks(server.url)  # the first run's leftovers must not matter
    assert first.passed, first.failures
    assert second.passed, second.failures
    assert first.groups == PART_GROUPS["A"]


def test_flask_reference_passes_part_b(serve_app):
    server = serve_app(create_app({FLASK_TOKEN}))
    seed(server.url, FLASK_TOKEN)
    report = run_checks(server.url, part="B", token=FLASK_TOKEN)
    assert report.passed, report.failures
    assert report.groups == PART_GROUPS["B"]


def test_flask_reference_has_a_fresh_store_per_app():
    report = check_fresh_stores(create_app)
    assert report.passed, report.failures
    assert len(report.results) == 3


def test_flask_reference_part_b_has_a_fresh_store_per_app():
    report = check_fresh_stores(lambda: create_app({FLASK_TOKEN}), token=FLASK_TOKEN)
    assert report.passed, report.failures


def test_drf_reference_passes_part_a(serve_drf):
    from reference_apps.drf_products import urlpatterns

    report = run_checks(serve_drf(urlpatterns).url)
    assert report.passed, report.failures


def test_drf_reference_passes_part_b(serve_drf, drf_token):
    from reference_apps.drf_products import auth_urlpatterns

    report = run_checks(serve_drf(auth_urlpatterns).url, part="B", token=drf_token)
    assert report.passed, report.failures


def test_checks_clean_up_what_they_created(serve_app):
    server = serve_app(create_app())
    seed(server.url)
    before = requests.get(f"{server.url}/api/products/", timeout=5).json()
    run_checks(server.url)
    assert requests.get(f"{server.url}/api/products/", timeout=5).json() == before


def test_both_frameworks_give_identical_results(serve_app, serve_drf):
    from reference_apps.drf_products import urlpatterns

    flask = run_checks(serve_app(create_app()).url)
    django = run_checks(serve_drf(urlpatterns).url)
    table = compare_reports({"Flask": flask, "Django": django})
    assert list(table.columns) == ["group", "check", "Flask", "Django", "same"]
    assert len(table) == len(flask.results)
    assert table["same"].all() and table["Flask"].all()
