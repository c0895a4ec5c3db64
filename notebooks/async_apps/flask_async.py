"""A Flask app with async and sync views, for lesson Asynchronous-APIs: what each server does with a wait.

``/wait/`` awaits one slow call (``DELAY_S``); ``/wait-three/`` awaits three slow
calls at the same time with ``asyncio.gather``. Flask runs each async view in
an event loop of its own, inside the worker that took the request.
``/wait-sync/`` is the plain ``def`` view most Flask code is: it blocks in
``time.sleep``, which gunicorn's gevent worker patches to let other requests
run. ``/wait-in-c/`` blocks inside a C function (libc's ``usleep``), as a
database driver written in C does: nothing can patch that. Every answer says
which process served it and when its work started and finished, so the lesson
can count how many requests a server worked on at once.
"""

import asyncio
import ctypes
import os
import time

from flask import Flask

DELAY_S = 0.2  # stands in for a slow database query or a call to another service
LIBC = ctypes.CDLL(None)  # the C library this process already uses


def answer(started: float, waited_s: float = DELAY_S) -> dict:
    """The JSON every view returns: what it waited, which process served it, and when."""
    return {"waited_s": waited_s, "pid": os.getpid(), "started": started, "finished": time.time()}


async def slow_call() -> float:
    """Wait like slow I/O would, without using the CPU."""
    await asyncio.sleep(DELAY_S)
    return DELAY_S


def create_app() -> Flask:
    """Build the app (gunicorn: ``flask_async:create_app()``)."""
    app = Flask(__name__)

    @app.get("/wait/")
    async def wait_once():
        started = time.time()
        await slow_call()
        return answer(started)

    @app.get("/wait-three/")
    async def wait_three_at_once():
        started = time.time()
        waited = await asyncio.gather(slow_call(), slow_call(), slow_call())
        return answer(started, waited_s=round(sum(waited), 2))  # three waits' worth, in the time of one

    @app.get("/wait-sync/")
    def wait_sync():
        started = time.time()
        time.sleep(DELAY_S)  # under the gevent worker, a patched sleep: other greenlets run meanwhile
        return answer(started)

    @app.get("/wait-in-c/")
    def wait_in_c():
        started = time.time()
        LIBC.usleep(int(DELAY_S * 1_000_000))  # blocks in C, where no monkey-patch reaches
        return answer(started)

    return app
