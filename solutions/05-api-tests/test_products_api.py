"""Tests of the Products API contract, through the api fixture."""
import pytest

### BEGIN SOLUTION
PRODUCTS = "/api/products/"
LAMP = {"name": "Lamp", "price_cents": 2500}


def create(api, **fields):
    response = api.post(PRODUCTS, json={**LAMP, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def test_create_answers_201_with_the_product(api):
    response = api.post(PRODUCTS, json=LAMP)
    assert response.status_code == 201
    product = response.json()
    assert product["name"] == "Lamp" and product["price_cents"] == 2500 and product["in_stock"] is True
    assert isinstance(product["id"], int)


def test_list_shows_every_product_in_id_order(api):
    first = create(api, in_stock=False)
    second = create(api, name="Desk")
    response = api.get(PRODUCTS)
    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == [first["id"], second["id"]]


@pytest.mark.parametrize("body", [{"name": "Lamp", "price_cents": -1}, {"name": "   ", "price_cents": 1},
                                  {"name": "x" * 101, "price_cents": 1}, {"price_cents": 1}, {"name": "Lamp"}])
def test_invalid_bodies_answer_400(api, body):
    response = api.post(PRODUCTS, json=body)
    assert response.status_code == 400
    assert isinstance(response.json(), dict)


def test_unknown_id_is_a_json_404(api):
    response = api.get(PRODUCTS + "999/")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)


def test_patch_changes_only_the_fields_sent(api):
    product = create(api)
    response = api.patch(f"{PRODUCTS}{product['id']}/", json={"price_cents": 100})
    assert response.status_code == 200
    assert api.get(f"{PRODUCTS}{product['id']}/").json() == {**product, "price_cents": 100}


def test_put_replaces_the_product(api):
    product = create(api)
    response = api.put(f"{PRODUCTS}{product['id']}/", json={"name": "Desk", "price_cents": 1, "in_stock": False})
    assert response.status_code == 200
    assert api.get(f"{PRODUCTS}{product['id']}/").json() == {"id": product["id"], "name": "Desk",
                                                              "price_cents": 1, "in_stock": False}


def test_delete_answers_204_and_the_product_is_gone(api):
    product = create(api)
    response = api.delete(f"{PRODUCTS}{product['id']}/")
    assert response.status_code == 204 and response.content == b""
    assert api.get(f"{PRODUCTS}{product['id']}/").status_code == 404


def test_ids_are_never_reused(api):
    product = create(api)
    api.delete(f"{PRODUCTS}{product['id']}/")
    assert create(api)["id"] != product["id"]


def test_other_methods_answer_405_with_allow(api):
    response = api.put(PRODUCTS, json=LAMP)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] and "POST" in response.headers["Allow"]
### END SOLUTION
