"""A one-file Django project for lesson Asynchronous-APIs: async views next to sync ones, over ASGI and WSGI.

``uvicorn django_async:application`` serves it over ASGI;
``gunicorn django_async:wsgi_application`` over WSGI. ``/wait/`` is an
``async def`` view that awaits a slow call; ``/wait-sync/`` is the same view
written synchronously (``time.sleep``), which Django under ASGI runs in a
thread per request, and which gunicorn's gevent worker makes cooperative by
patching ``time.sleep``. ``/wait-in-c/`` blocks inside a C function (libc's
``usleep``), as a database driver written in C does; ``/wait-blocking/`` is the
classic mistake, an ``async def`` view that calls blocking ``time.sleep``.
Every answer says which process served it and when its work started and
finished, so the lesson can count how many requests a server worked on at once.
"""

import asyncio
import ctypes
import os
import time

import django
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path

DELAY_S = 0.2
LIBC = ctypes.CDLL(None)  # the C library this process already uses
# One middleware, as every project has some; ASYNC_LESSON_MIDDLEWARE=none serves the app without any.
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
if os.environ.get("ASYNC_LESSON_MIDDLEWARE") == "none":
    MIDDLEWARE = []

settings.configure(
    DEBUG=False,
    SECRET_KEY="only-for-the-async-lesson-" + os.urandom(16).hex(),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=MIDDLEWARE,
)
django.setup()


def answer(started: float) -> JsonResponse:
    """The JSON every view returns: what it waited, which process served it, and when."""
    return JsonResponse({"waited_s": DELAY_S, "pid": os.getpid(), "started": started, "finished": time.time()})


async def wait(request):
    """An async view: while it awaits, the event loop serves other requests."""
    started = time.time()
    await asyncio.sleep(DELAY_S)
    return answer(started)


def wait_sync(request):
    """A sync view: under ASGI Django runs it in a thread of its own for each request."""
    started = time.time()
    time.sleep(DELAY_S)
    return answer(started)


def wait_in_c(request):
    """A sync view that blocks in C, where no monkey-patch reaches."""
    started = time.time()
    LIBC.usleep(int(DELAY_S * 1_000_000))
    return answer(started)


async def wait_blocking(request):
    """The mistake: a blocking call inside an async view holds the event loop, and every request with it."""
    started = time.time()
    time.sleep(DELAY_S)
    return answer(started)


urlpatterns = [path("wait/", wait), path("wait-sync/", wait_sync), path("wait-in-c/", wait_in_c),
               path("wait-blocking/", wait_blocking)]

application = get_asgi_application()
wsgi_application = get_wsgi_application()
