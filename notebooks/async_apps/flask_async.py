"""A Flask app with async views, for lesson Asynchronous-APIs: what ``async def`` changes in Flask, and what it does not.

``/wait/`` awaits one slow call (0.3 s); ``/wait-three/`` awaits three slow
calls at the same time with ``asyncio.gather``. Flask runs each async view in
an event loop of its own, inside the worker that took the request.
"""

import asyncio
import os

from flask import Flask

DELAY_S = 0.3  # stands in for a slow database query or a call to another service


async def slow_call() -> float:
    """Wait like slow I/O would, without using the CPU."""
    await asyncio.sleep(DELAY_S)
    return DELAY_S


def create_app() -> Flask:
    """Build the app (gunicorn: ``flask_async:create_app()``)."""
    app = Flask(__name__)

    @app.get("/wait/")
    async def wait_once():
        await slow_call()
        return {"waited_s": DELAY_S, "pid": os.getpid()}

    @app.get("/wait-three/")
    async def wait_three_at_once():
        waited = await asyncio.gather(slow_call(), slow_call(), slow_call())
        return {"waited_s": round(sum(waited), 2), "pid": os.getpid()}

    return app
