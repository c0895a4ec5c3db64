"""The admin served from the kernel: its pages and CSS answer, a superuser can log in."""

import pytest
import requests

import apilab
from apilab.django_project import admin_site


@pytest.fixture
def admin_server():
    """Django serving only the admin (and its static files), stopped afterwards."""
    apilab.setup_django()
    server = apilab.serve_django(admin_site.admin_urlpatterns(), name="admin-test")
    yield server
    server.stop()


def test_superuser_logs_in_and_sees_the_products_page(admin_server):
    username, password = admin_site.create_superuser("admin-test-user")
    session = admin_site.browser_login(admin_server.url, username, password)
    page = session.get(admin_server.url + "/admin/shop/product/", timeout=10)
    assert page.status_code == 200 and "Select product to change" in page.text
    session.close()


def test_create_superuser_resets_the_password_when_called_again(admin_server):
    admin_site.create_superuser("admin-test-reset", "first-password")
    username, password = admin_site.create_superuser("admin-test-reset")
    assert password != "first-password"
    admin_site.browser_login(admin_server.url, username, password).close()
    with pytest.raises(ValueError, match="wrong password"):
        admin_site.browser_login(admin_server.url, username, "first-password")


def test_the_admin_css_is_served_although_debug_is_off(admin_server):
    reply = requests.get(admin_server.url + "/static/admin/css/base.css", timeout=10)
    assert reply.status_code == 200 and "text/css" in reply.headers["Content-Type"]


def test_bad_input_is_named(admin_server):
    with pytest.raises(ValueError, match="username"):
        admin_site.create_superuser("  ")
    with pytest.raises(ValueError, match="no admin login form"):
        admin_site.browser_login(admin_server.url + "/nothing-here", "a", "b")
