"""The page server serves a folder's files on an origin of its own, and nothing outside the folder."""

import pytest
import requests

from apilab.lessons.browser_page import page_url, serve_page


@pytest.fixture
def page_folder(tmp_path):
    folder = tmp_path / "page"
    folder.mkdir()
    (folder / "index.html").write_text("<h1>Shop</h1>")
    (tmp_path / "secret.txt").write_text("not for the page")
    return folder


def test_the_folder_is_served_without_caching_and_nothing_outside_it(page_folder, no_leaks):
    server = serve_page(page_folder, name="test-page")
    page = requests.get(server.url + "/index.html", timeout=10)
    assert page.status_code == 200 and page.text == "<h1>Shop</h1>" and page.headers["Cache-Control"] == "no-store"
    assert requests.get(server.url + "/missing.html", timeout=10).status_code == 404
    assert requests.get(server.url + "/..%2Fsecret.txt", timeout=10).status_code == 404
    assert requests.get(server.url + "/", timeout=10).status_code == 404  # no listing


def test_page_url_carries_the_query(page_folder, no_leaks):
    server = serve_page(page_folder, name="test-page")
    url = page_url(server, "index.html", api="http://127.0.0.1:5000")
    assert url == f"{server.url}/index.html?api=http%3A%2F%2F127.0.0.1%3A5000"


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(ValueError, match="no folder .*nowhere"):
        serve_page(tmp_path / "nowhere")
