"""apilab.lessons.build_differences: the requests the contract leaves open, sent to two real builds."""

import pytest

import apilab
from apilab.lessons.build_differences import open_cases


@pytest.fixture
def builds():
    """The reference Flask build and the reference DRF build, served in this process."""
    apilab.setup_django()
    from reference_apps import drf_products, flask_products

    flask_server = apilab.serve(flask_products.create_app(), name="open-cases-flask")
    django_server = apilab.serve_django(drf_products.urlpatterns, name="open-cases-django")
    yield {"Flask": flask_server.url, "Django": django_server.url}
    flask_server.stop()
    django_server.stop()


def test_open_cases_show_where_the_builds_differ_and_leave_nothing_behind(builds):
    import requests

    before = {name: requests.get(url + "/api/products/", timeout=5).json() for name, url in builds.items()}
    table = open_cases(builds)
    assert list(table.columns) == ["Flask", "Django"]
    django, flask = table["Django"], table["Flask"]
    # DRF's CharField trims the name; this Flask build stores it as sent.
    assert django["POST name ' Mug ': name stored"] == "'Mug'"
    assert flask["POST name ' Mug ': name stored"] == "' Mug '"
    # DRF's update keeps a field a PUT leaves out.
    assert django["PUT, in_stock left out: in_stock (was false)"] is False
    assert set(table.loc["PUT, in_stock left out: status"]) == {200}
    # DRF's IntegerField coerces "5" and 5.0; this Flask build checks the type itself and refuses both.
    assert django["POST price_cents \"5\": status"] == django["POST price_cents 5.0: status"] == 201
    assert flask["POST price_cents \"5\": status"] == flask["POST price_cents 5.0: status"] == 400
    for name, url in builds.items():
        assert requests.get(url + "/api/products/", timeout=5).json() == before[name]


def test_open_cases_needs_a_build():
    with pytest.raises(ValueError, match="at least one build"):
        open_cases({})
