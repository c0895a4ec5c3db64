"""Swagger UI pages that load nothing from another host (Real-API-Features).

drf-spectacular and flask-smorest both render a Swagger UI page over their
OpenAPI document, and both take Swagger UI's JavaScript and CSS from a public
CDN unless told otherwise: offline, or on a hub without internet, the page
stays blank. The files come with the ``drf-spectacular-sidecar`` package
instead. ``SIDECAR_SETTINGS`` points drf-spectacular at them (served as static
files, ``apilab.django_project.admin_site.static_urlpatterns``);
``serve_swagger_ui(app, page_path)`` serves the same files from a Flask app,
for flask-smorest's ``OPENAPI_SWAGGER_UI_URL``. ``page_assets(url)`` lists
each script and stylesheet a page loads, where from, and whether it answered.
"""

from __future__ import annotations

import html.parser
import os
import urllib.parse

import requests

# drf-spectacular's settings for Swagger UI from the sidecar package (its app must be installed).
SIDECAR_SETTINGS = {"SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR"}
SIDECAR_APP = "drf_spectacular_sidecar"


def swagger_ui_folder() -> str:
    """The folder of Swagger UI's files (swagger-ui-bundle.js, swagger-ui.css, ...) in the sidecar package."""
    import drf_spectacular_sidecar

    return os.path.join(os.path.dirname(drf_spectacular_sidecar.__file__), "static", SIDECAR_APP, "swagger-ui-dist")


FILES_FOLDER = "swagger-ui/"  # where, beside the docs page, the Flask app serves Swagger UI's files


def serve_swagger_ui(app, page_path: str = "/api/docs/") -> str:
    """Serve Swagger UI's files from the Flask ``app`` beside its docs page at ``page_path``; return
    their URL relative to the page, for flask-smorest's ``OPENAPI_SWAGGER_UI_URL``.

    Relative, so that the page finds them under whatever prefix a hub's proxy puts before it.
    """
    from flask import send_from_directory

    if not page_path.startswith("/") or not page_path.endswith("/"):
        raise ValueError(f"page_path must start and end with '/', like '/api/docs/', got {page_path!r}")
    folder = swagger_ui_folder()
    app.add_url_rule(f"{page_path}{FILES_FOLDER}<path:name>", "swagger_ui_files",
                     lambda name: send_from_directory(folder, name))
    return FILES_FOLDER


class _Assets(html.parser.HTMLParser):
    """Collects the URLs of a page's scripts, stylesheets and icons."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"])
        elif tag == "link" and values.get("href") and values.get("rel") in ("stylesheet", "icon"):
            self.urls.append(values["href"])


def page_assets(page_url: str) -> list[dict]:
    """Each script, stylesheet and icon the page at ``page_url`` loads: its URL, whether it is on the
    page's own server, and the status it answered (``None``: not asked, being on another host)."""
    page = requests.get(page_url, timeout=10)
    page.raise_for_status()
    parser = _Assets()
    parser.feed(page.text)
    own = urllib.parse.urlsplit(page_url).netloc
    rows = []
    for url in dict.fromkeys(parser.urls):
        full = urllib.parse.urljoin(page_url, url)
        local = urllib.parse.urlsplit(full).netloc == own
        status = requests.get(full, timeout=10).status_code if local else None
        rows.append({"asset": url, "from this server": local, "status": status})
    return rows
