"""The deployment lesson's project repeats the course's Django settings (it ships without apilab's setup): in step.

``notebooks/deployment/base_settings.py`` is copied into a container on its own, so it
writes out the lists ``apilab.django_project.setup`` holds; this keeps them equal, apart
from what production adds on purpose (WhiteNoise, the clickjacking middleware).
"""

import runpy

from course_paths import NOTEBOOKS

from apilab.django_project import setup

PRODUCTION_ONLY = ["whitenoise.middleware.WhiteNoiseMiddleware",
                   "django.middleware.clickjacking.XFrameOptionsMiddleware"]


def base_settings() -> dict:
    return runpy.run_path(str(NOTEBOOKS / "deployment" / "base_settings.py"))


def test_the_apps_and_templates_are_the_courses():
    settings = base_settings()
    assert settings["INSTALLED_APPS"] == setup.INSTALLED_APPS
    assert settings["TEMPLATES"] == setup.TEMPLATES


def test_the_middleware_is_the_courses_with_production_additions_only():
    middleware = base_settings()["MIDDLEWARE"]
    assert [name for name in middleware if name not in PRODUCTION_ONLY] == setup.MIDDLEWARE
    assert middleware.index(PRODUCTION_ONLY[0]) == middleware.index("django.middleware.security.SecurityMiddleware") + 1
