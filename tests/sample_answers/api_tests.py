"""Test suites for 05-api-tests's one answer cell: the solution's, and one in another style.

``SUITE`` is the solution notebook's: plain test functions, a helper that creates a
product, one parametrized test of invalid bodies. ``CLASS_SUITE`` checks the same
contract with test classes, a fixture of its own and status codes compared by name
(``http.HTTPStatus``): a correct suite need not look like the solution.
"""

from sample_answers import solution_answers

API_TESTS = solution_answers("05-api-tests")
SUITE = API_TESTS["suite"]
WRITE_FILE = "%%writefile test_products_api.py\n"

CLASS_SUITE = WRITE_FILE + '''"""The Products API, rule by rule, in test classes."""
from http import HTTPStatus

import pytest

ROOT = "/api/products/"


@pytest.fixture
def lamp(api):
    reply = api.post(ROOT, json={"name": "Lamp", "price_cents": 1999})
    assert reply.status_code == HTTPStatus.CREATED
    return reply.json()


class TestCreating:
    def test_created(self, api):
        reply = api.post(ROOT, json={"name": "Desk", "price_cents": 0})
        assert reply.status_code == HTTPStatus.CREATED
        assert reply.json()["in_stock"] is True

    @pytest.mark.parametrize("name", ["", "  ", "n" * 101])
    def test_bad_names(self, api, name):
        assert api.post(ROOT, json={"name": name, "price_cents": 5}).status_code == HTTPStatus.BAD_REQUEST

    def test_negative_price(self, api):
        assert api.post(ROOT, json={"name": "Desk", "price_cents": -5}).status_code == HTTPStatus.BAD_REQUEST

    def test_ids_are_new(self, api, lamp):
        api.delete(f"{ROOT}{lamp['id']}/")
        assert api.post(ROOT, json={"name": "Desk", "price_cents": 1}).json()["id"] > lamp["id"]


class TestReading:
    def test_list_holds_everything(self, api, lamp):
        api.post(ROOT, json={"name": "Sold out", "price_cents": 1, "in_stock": False})
        assert len(api.get(ROOT).json()) == 2

    def test_missing(self, api):
        reply = api.get(ROOT + "12345/")
        assert reply.status_code == HTTPStatus.NOT_FOUND
        assert "detail" in reply.json()


class TestChanging:
    def test_patch_one_field(self, api, lamp):
        url = f"{ROOT}{lamp['id']}/"
        assert api.patch(url, json={"name": "Big lamp"}).status_code == HTTPStatus.OK
        assert api.get(url).json()["name"] == "Big lamp"
        assert api.get(url).json()["price_cents"] == 1999

    def test_put_is_stored(self, api, lamp):
        url = f"{ROOT}{lamp['id']}/"
        api.put(url, json={"name": "Desk", "price_cents": 7, "in_stock": True})
        assert api.get(url).json()["price_cents"] == 7

    def test_delete(self, api, lamp):
        url = f"{ROOT}{lamp['id']}/"
        reply = api.delete(url)
        assert reply.status_code == HTTPStatus.NO_CONTENT
        assert not reply.content
        assert api.get(url).status_code == HTTPStatus.NOT_FOUND

    def test_method_not_allowed(self, api):
        reply = api.delete(ROOT)
        assert reply.status_code == HTTPStatus.METHOD_NOT_ALLOWED
        assert "POST" in reply.headers.get("Allow", "")
'''
