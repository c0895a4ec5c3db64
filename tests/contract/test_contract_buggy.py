"""Every buggy variant fails the contract groups its bug belongs to (and no others), with readable messages."""

import pytest
from reference_apps import drf_buggy, flask_buggy, flask_products
from reference_apps.assertions import FLASK_TOKEN, assert_readable, failing_groups, seed
from reference_apps.mutation import Variant, build

from apilab.contract import FRESH_STORES, check_fresh_stores, run_checks


def test_there_are_at_least_ten_variants_per_framework():
    assert len({variant.name for variant in flask_buggy.VARIANTS if variant.part == "A"}) >= 10
    assert len({variant.name for variant in drf_buggy.VARIANTS if variant.part == "A"}) >= 10


@pytest.mark.parametrize("variant", flask_buggy.VARIANTS, ids=lambda variant: variant.name)
def test_flask_variant_fails_its_groups(variant, serve_app):
    create_app = flask_buggy.create_app_of(variant)
    if variant.fails == {FRESH_STORES}:
        # The bug hides from a single app; only serving two of them shows it.
        assert run_checks(serve_app(create_app()).url).passed
        report = check_fresh_stores(create_app)
    else:
        token = FLASK_TOKEN if variant.part == "B" else None
        server = serve_app(create_app({FLASK_TOKEN}) if token else create_app())
        seed(server.url, token)
        report = run_checks(server.url, part=variant.part, token=token)
    assert failing_groups(report) == variant.fails, report.failures
    assert_readable(report)


@pytest.mark.parametrize("variant", drf_buggy.VARIANTS, ids=lambda variant: variant.name)
def test_drf_variant_fails_its_groups(variant, serve_drf, drf_token):
    server = serve_drf(drf_buggy.urlpatterns_of(variant))
    report = run_checks(server.url, part=variant.part, token=drf_token if variant.part == "B" else None)
    assert failing_groups(report) == variant.fails, report.failures
    assert_readable(report)


def test_assert_groups_shows_the_failures_of_a_buggy_app(serve_app):
    variant = next(v for v in flask_buggy.VARIANTS if v.name == "create_answers_200")
    report = run_checks(serve_app(flask_buggy.create_app_of(variant)()).url, groups=["create", "list"])
    report.assert_groups("list")
    with pytest.raises(AssertionError) as raised:
        report.assert_groups("create")
    message = str(raised.value)
    assert "[create] POST answers 201 with the created product: POST /api/products/ sent {" in message
    assert "expected 201 with the product" in message and "; got 200 {" in message


def test_a_variant_whose_edit_no_longer_matches_is_refused():
    stale = Variant("stale", "an edit of code the reference no longer has", (("return jsonify(product), 418", ""),))
    with pytest.raises(ValueError, match="occurs 0 times"):
        build(flask_products, stale)


def test_routes_without_the_trailing_slash_cost_one_check_per_run(serve_app):
    """Every route without its slash: the slash check fails, once, and every other check runs without it."""
    from werkzeug.routing import Rule

    app = flask_products.create_app()
    rules = list(app.url_map.iter_rules())
    app.url_map = type(app.url_map)(strict_slashes=True)
    for rule in rules:
        path = rule.rule if rule.rule == "/" else rule.rule.rstrip("/")
        app.url_map.add(Rule(path, endpoint=rule.endpoint, methods=rule.methods))
    report = run_checks(serve_app(app).url)
    failed = [result for result in report.results if not result.passed]
    assert [result.check for result in failed] == ["paths end with a slash"], report.failures
    assert "GET /api/products/ answered 404" in failed[0].message
    assert len(report.results) > 30
    assert run_checks(serve_app(flask_products.create_app()).url).passed  # with the slash: no such check fails
