"""Serving apps and running the real programs the lessons use.

In the kernel, ``servers`` serves a WSGI app on a free 127.0.0.1 port in a
quiet thread (``apilab.serve``); ``hub`` makes the links to it that a
learner's browser opens, on a laptop or through JupyterHub's proxy. Out of the kernel, ``managed_process`` runs a
program in its own process group and stops it with everything it started;
``process_servers`` (gunicorn, waitress, werkzeug, Django's dev server,
uvicorn), ``nginx``, ``redis_server`` and ``celery_worker`` are handles built on
it, and ``programs`` finds an installed program or says how to get one. ``unlogged_handler`` is
werkzeug's request handler without a line per request.

This is the lowest layer: it imports nothing else of ``apilab``.
"""
