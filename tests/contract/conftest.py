"""Fixtures for the contract tests: tokens and served apps (Django's fixtures are the suite's, in tests/conftest.py)."""

import secrets

import pytest

import apilab


@pytest.fixture
def drf_token(django_ready):
    """The key of a rest_framework.authtoken Token of a new user."""
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    user = User.objects.create_user(f"grader_{secrets.token_hex(4)}")
    yield Token.objects.create(user=user).key
    user.delete()


@pytest.fixture
def serve_app():
    """Serve WSGI apps under names of this test's own; stop them afterwards."""
    servers = []

    def serve(app):
        server = apilab.serve(app, name=f"contract-test-{len(servers)}")
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.stop()


@pytest.fixture
def serve_drf(product_table):
    """Serve URL patterns with Django (over a Product table that already holds data); stop afterwards."""
    servers = []

    def serve(urlpatterns):
        servers.append(apilab.serve_django(urlpatterns, name="contract-test-django"))
        return servers[-1]

    yield serve
    for server in servers:
        server.stop()
