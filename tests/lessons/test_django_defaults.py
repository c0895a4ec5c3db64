"""apilab.lessons.django_defaults: what startproject writes, read from Django's template."""

from apilab.lessons.django_defaults import split_by_origin, startproject_settings


def test_the_template_lists_the_contrib_apps_and_the_security_middleware():
    template = startproject_settings()
    assert "django.contrib.admin" in template["INSTALLED_APPS"]
    assert "django.contrib.auth" in template["INSTALLED_APPS"]
    assert "django.middleware.csrf.CsrfViewMiddleware" in template["MIDDLEWARE"]
    assert all(isinstance(item, str) for items in template.values() for item in items)


def test_the_course_project_is_split_into_django_defaults_and_its_own_additions():
    course_apps = [*startproject_settings()["INSTALLED_APPS"][1:], "rest_framework", "apilab.django_project.shop"]
    split = split_by_origin(course_apps, "INSTALLED_APPS")
    assert split["added by this course"] == ["rest_framework", "apilab.django_project.shop"]
    assert split["startproject's, left out"] == ["django.contrib.admin"]
    assert len(split["from startproject"]) == len(course_apps) - 2
