"""Fixtures for the tests of apilab.django_project: Django configured once, no leaks."""

from leak_checks import django_configured, no_leaks  # noqa: F401 (fixtures)
