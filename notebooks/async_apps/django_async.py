"""A one-file Django project served over ASGI, for lesson Asynchronous-APIs: async views next to a sync one.

``uvicorn django_async:application`` serves it. ``/wait/`` is an ``async def``
view that awaits a slow call; ``/wait-sync/`` is the same view written
synchronously (``time.sleep``), which Django runs in a thread per request.
"""

import asyncio
import os
import time

import django
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.http import JsonResponse
from django.urls import path

DELAY_S = 0.3

settings.configure(
    DEBUG=False,
    SECRET_KEY="only-for-the-async-lesson-" + os.urandom(16).hex(),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
)
django.setup()


async def wait(request):
    """An async view: while it awaits, the event loop serves other requests."""
    await asyncio.sleep(DELAY_S)
    return JsonResponse({"waited_s": DELAY_S, "pid": os.getpid()})


def wait_sync(request):
    """A sync view under ASGI: Django runs it in a thread, a thread of its own for each request."""
    time.sleep(DELAY_S)
    return JsonResponse({"waited_s": DELAY_S, "pid": os.getpid()})


urlpatterns = [path("wait/", wait), path("wait-sync/", wait_sync)]

application = get_asgi_application()
