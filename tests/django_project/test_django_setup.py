"""Tests of apilab.django_project.setup: configure once, work under an event loop, serve and re-serve URLs."""

import subprocess
import sys
import textwrap

import pytest
import requests

import apilab


def test_setup_is_idempotent():
    first = apilab.setup_django()
    assert apilab.setup_django() is first
    assert "apilab.django_project.shop" in first.INSTALLED_APPS


def test_setup_refuses_to_change_settings_later():
    with pytest.raises(RuntimeError, match="already configured"):
        apilab.setup_django(DEBUG=True, TIME_ZONE="Europe/Paris")


def test_product_table_is_migrated_with_never_reused_ids():
    from apilab.django_project.shop.models import Product

    Product.objects.all().delete()
    first_id = Product.objects.create(name="Mug", price_cents=899).id
    Product.objects.filter(id=first_id).delete()
    second = Product.objects.create(name="Tea", price_cents=450)
    assert second.id > first_id and second.in_stock is True
    Product.objects.all().delete()


def test_serve_django_serves_and_reserves_new_patterns(no_leaks):
    from django.http import JsonResponse
    from django.urls import path

    def one(request):
        return JsonResponse({"version": 1})

    def two(request):
        return JsonResponse({"version": 2})

    server = apilab.serve_django([path("v/", one)])
    assert requests.get(server.url + "/v/", timeout=5).json() == {"version": 1}
    server = apilab.serve_django([path("v/", two)])
    response = requests.get(server.url + "/v/", timeout=5)
    assert response.json() == {"version": 2}
    assert response.headers["Content-Length"] == str(len(response.content))
    server.stop()


def test_use_urlpatterns_rejects_what_is_not_a_list():
    with pytest.raises(TypeError, match="urlpatterns must be a list"):
        apilab.use_urlpatterns("api/products/")


def test_setup_rejects_lowercase_settings():
    from apilab.django_project.setup import course_settings

    with pytest.raises(ValueError, match="UPPER_CASE"):
        course_settings("/tmp/x.sqlite3", debug=True)


def test_orm_works_inside_a_running_event_loop(tmp_path):
    """A notebook kernel runs an asyncio loop; Django must still be usable from a cell."""
    script = textwrap.dedent(
        """
        import asyncio, requests
        import apilab

        async def cell():
            apilab.setup_django()
            apilab.setup_django()
            from apilab.django_project.shop.models import Product
            Product.objects.create(name="Lamp", price_cents=1999)
            from django.http import JsonResponse
            from django.urls import path
            names = lambda request: JsonResponse([p.name for p in Product.objects.all()], safe=False)
            server = apilab.serve_django([path("names/", names)])
            body = await asyncio.to_thread(lambda: requests.get(server.url + "/names/", timeout=5).json())
            server.stop()
            print(body, Product.objects.count())

        asyncio.run(cell())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "['Lamp'] 1"
    assert result.stderr == ""


def test_child_processes_do_not_inherit_the_kernel_only_variable(monkeypatch):
    from apilab.serving.managed_process import child_environment

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    env = child_environment({"EXTRA": "1"})
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in env and env["EXTRA"] == "1"
