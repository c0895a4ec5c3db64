"""Serve a folder of static files (an HTML page and its script) from the kernel, on an origin of its own.

Lesson Calling-The-API-From-A-Browser serves its shop-front page this way,
next to an API on another port, so that the browser treats the two as
different origins and applies CORS::

    page = serve_page("browser_page")
    page_url(page, "products.html", api=api_server.url)

The page server is an in-kernel server like every other (``apilab.stop_all``
stops it); it never lists the folder and refuses paths outside it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from apilab.serving.servers import InKernelServer, serve


def page_app(folder):
    """Return a Flask app that serves the files of ``folder`` (and nothing else) at ``/``."""
    from flask import Flask, send_from_directory

    root = Path(folder).resolve()
    if not root.is_dir():
        raise ValueError(f"no folder {folder} to serve pages from (looked in {root})")
    app = Flask("browser_page")

    @app.get("/<path:filename>")
    def page_file(filename):
        response = send_from_directory(root, filename)   # 404 for missing files and paths outside the folder
        response.headers["Cache-Control"] = "no-store"  # an edited page shows on the next reload
        return response

    return app


def serve_page(folder, name: str = "page") -> InKernelServer:
    """Serve ``folder``'s files on a free 127.0.0.1 port (its own origin) and return the server."""
    return serve(page_app(folder), name=name)


def page_url(page_server: InKernelServer, filename: str, **query: str) -> str:
    """The link (for the learner's browser) of ``filename`` on ``page_server``, ``query`` as its query string."""
    return f"{page_server.browser_url}/{filename}" + (f"?{urlencode(query)}" if query else "")
