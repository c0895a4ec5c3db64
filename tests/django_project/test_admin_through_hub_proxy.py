"""Django's admin through the hub's proxy path: redirects, static files, cookies, CSRF and the login."""

import re

import pytest
import requests

import apilab
from apilab.django_project import admin_site
from apilab.django_project.setup import hub_settings


@pytest.fixture
def proxied_admin(monkeypatch):
    """The admin served as on a hub (JUPYTERHUB_SERVICE_PREFIX set); yields (server, browser base URL)."""
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/alice/")
    apilab.setup_django()
    server = apilab.serve_django(admin_site.admin_urlpatterns(), name="admin-hub-test")
    # jupyter-server-proxy's proxy/absolute/<port>/ passes the whole path on to 127.0.0.1:<port>.
    yield server, server.url + server.browser_url
    server.stop()


def test_the_admin_login_works_under_the_prefix(proxied_admin):
    server, base = proxied_admin
    prefix = server.browser_url
    username, password = admin_site.create_superuser("hub-admin")
    browser = requests.Session()
    first = browser.get(base + "/admin/", allow_redirects=False, timeout=10)
    assert first.status_code == 302 and first.headers["Location"].startswith(prefix + "/admin/login/")
    form = browser.get(base + "/admin/login/?next=" + prefix + "/admin/", timeout=10)
    assert f'action="{prefix}/admin/login/' in form.text
    css = re.search(r'href="([^"]+base\.css)"', form.text).group(1)
    assert css.startswith(prefix + "/static/")
    assert browser.get(server.url + css, timeout=10).status_code == 200
    csrf_cookie = next(cookie for cookie in browser.cookies if cookie.name == "csrftoken")
    assert csrf_cookie.path == prefix + "/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    logged_in = browser.post(
        base + "/admin/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token, "next": prefix + "/admin/"},
        headers={"Origin": server.url, "Referer": base + "/admin/login/"},
        allow_redirects=False, timeout=10,
    )
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == prefix + "/admin/"
    page = browser.get(base + "/admin/shop/product/", timeout=10)
    assert page.status_code == 200 and "Select product to change" in page.text
    browser.close()


def test_the_kernel_still_logs_in_on_loopback(proxied_admin):
    server, _ = proxied_admin
    username, password = admin_site.create_superuser("hub-admin-kernel")
    session = admin_site.browser_login(server.url, username, password)
    assert session.get(server.url + "/admin/shop/product/", timeout=10).status_code == 200
    session.close()


def test_hub_settings_trust_the_hubs_public_name():
    assert hub_settings({}) == {}
    on_hub = hub_settings({"JUPYTERHUB_SERVICE_PREFIX": "/user/alice/",
                           "JUPYTERHUB_PUBLIC_URL": "https://hub.example.org"})
    assert "hub.example.org" in on_hub["ALLOWED_HOSTS"]
    assert on_hub["CSRF_TRUSTED_ORIGINS"] == ["https://hub.example.org"]
    assert on_hub["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    # Without a public name the server still only listens on 127.0.0.1: any host the proxy forwards.
    assert "*" in hub_settings({"JUPYTERHUB_SERVICE_PREFIX": "/user/alice/"})["ALLOWED_HOSTS"]
