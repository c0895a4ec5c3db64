"""The Django twin of ``flask_service.py``: the same two kinds of state, the same mistakes, the same fixes.

A one-file Django project configured from the environment:

- ``/visits/`` counts in Django's cache: ``LocMemCache`` (the default cache, here
  and in any project that does not set ``CACHES``) lives in the process, so each
  instance has its own count; ``DJANGO_CACHE_URL=redis://...`` shares one
  (Django's own ``RedisCache`` backend).
- ``/cart/`` keeps items in the session. Its engine here is
  ``signed_cookies``: the data travels in a cookie signed with ``SECRET_KEY``,
  exactly like Flask's session. (Django's default engine keeps the data in the
  database instead, which every instance shares, but it signs that data with
  ``SECRET_KEY`` too: an instance with another key reads an empty session.)

A demonstration of state, not an API to publish: no CSRF middleware (the
Flask twin has none either) and no authentication.
"""

import json
import os

import django
from django.conf import settings
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path

cache_url = os.environ.get("DJANGO_CACHE_URL")
settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ["DJANGO_SECRET_KEY"],
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware"],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
            if cache_url else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
django.setup()


def count_visit(request):
    cache.add("visits", 0)  # incr() needs the key to exist
    return JsonResponse({"visits": cache.incr("visits"), "pid": os.getpid()})


def cart(request):
    if request.method not in ("GET", "POST"):
        return JsonResponse({"detail": "Method not allowed."}, status=405, headers={"Allow": "GET, POST"})
    if request.method == "GET":
        return JsonResponse({"items": request.session.get("items", []), "pid": os.getpid()})
    try:
        sent = json.loads(request.body)
    except ValueError:
        sent = None
    if not isinstance(sent, dict) or type(sent.get("product_id")) is not int:
        return JsonResponse({"detail": 'Send {"product_id": <integer>}.'}, status=400)
    request.session["items"] = request.session.get("items", []) + [sent["product_id"]]
    return JsonResponse({"items": request.session["items"]}, status=201)


def not_found(request, exception):
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [path("visits/", count_visit), path("cart/", cart)]
handler404 = not_found
application = get_wsgi_application()
