"""Serve Django's admin from the notebook, with a superuser to log in as.

``admin_urlpatterns()`` gives the admin's URLs plus the admin's own CSS and
JavaScript (Django serves static files itself only when ``DEBUG`` is on, and
the course runs with ``DEBUG=False``; ``static_urlpatterns()`` is that part alone); ``create_superuser()`` makes (or
resets) an account and returns its credentials; ``browser_login()`` logs a
``requests`` session in through the admin's login form, as a browser would.
"""

from __future__ import annotations

import re
import secrets


def static_urlpatterns() -> list:
    """Return a URL pattern serving the installed apps' static files at ``STATIC_URL`` (``/static/``)."""
    from django.conf import settings
    from django.contrib.staticfiles.views import serve
    from django.urls import re_path

    prefix = settings.STATIC_URL.strip("/")
    # insecure=True: serve static files although DEBUG is off (fine on 127.0.0.1, never in production).
    return [re_path(rf"^{prefix}/(?P<path>.*)$", serve, {"insecure": True})]


def admin_urlpatterns() -> list:
    """Return URL patterns serving the admin at ``/admin/`` and its static files at ``/static/``."""
    from django.contrib import admin
    from django.urls import path

    return [path("admin/", admin.site.urls), *static_urlpatterns()]


def create_superuser(username: str = "admin", password: str | None = None) -> tuple[str, str]:
    """Create (or reset the password of) a superuser and return ``(username, password)``."""
    from django.contrib.auth import get_user_model

    if not isinstance(username, str) or not username.strip():
        raise ValueError(f"create_superuser() needs a non-empty username, got {username!r}")
    password = password or secrets.token_urlsafe(9)
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return username, password


def browser_login(base_url: str, username: str, password: str):
    """Return a ``requests.Session`` logged in through the admin's login form (cookie + CSRF token)."""
    import requests

    session = requests.Session()
    login_url = base_url.rstrip("/") + "/admin/login/"
    form = session.get(login_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if form.status_code != 200 or token is None:
        raise ValueError(f"no admin login form at {login_url} (status {form.status_code}); serve admin_urlpatterns()")
    reply = session.post(
        login_url,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token.group(1), "next": "/admin/"},
        allow_redirects=False,
        timeout=10,
    )
    if reply.status_code != 302:
        raise ValueError(f"logging in as {username!r} failed (status {reply.status_code}): wrong password?")
    return session
