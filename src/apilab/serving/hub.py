"""Links to in-kernel servers that open in the learner's browser, on a laptop or on JupyterHub.

A server in the kernel listens on ``127.0.0.1``. On a laptop the learner's
browser reaches it there. On JupyterHub the kernel runs on the hub's machine
(or a pod), so the browser must go through the learner's own server:
jupyter-server-proxy serves ``127.0.0.1:PORT`` at
``/user/<name>/proxy/absolute/<port>/``. ``browser_url(port)`` gives the right
link for where the kernel runs; the code in the kernel keeps calling
``http://127.0.0.1:PORT`` (``server.url``).

Through ``proxy/absolute/`` the app sees the whole path, prefix included.
``ProxyPrefixMiddleware`` moves that prefix from ``PATH_INFO`` into
``SCRIPT_NAME`` (so Django's and Flask's URLs, redirects and relative static
URLs carry it) and narrows the path of the cookies the app sets to the prefix
(otherwise they would span the whole hub origin and every learner's server).
Requests from the kernel itself, without the prefix, pass untouched.

Developer notes: ``proxy/<port>/`` (without ``absolute``) strips the prefix,
so Django's admin login posts outside it; and with ``SCRIPT_NAME`` set there,
jupyter-server-proxy 4.6 prefixes redirects twice. ``proxy/absolute/`` with
this middleware avoids both.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

HOST = "127.0.0.1"

# What JupyterHub puts in the environment of a single-user server (and so of its kernels).
SERVICE_PREFIX_VARIABLE = "JUPYTERHUB_SERVICE_PREFIX"  # "/user/alice/" (or "/user/alice/<server>/")
PUBLIC_URL_VARIABLES = ("JUPYTERHUB_PUBLIC_URL", "JUPYTERHUB_PUBLIC_HUB_URL")  # set when the hub knows its public URL


def service_prefix(environ=None) -> str | None:
    """Return the learner's server prefix on JupyterHub ("/user/alice/"), or None off a hub."""
    environ = os.environ if environ is None else environ
    prefix = environ.get(SERVICE_PREFIX_VARIABLE, "").strip()
    if not prefix:
        return None
    if not prefix.startswith("/"):
        raise ValueError(f"{SERVICE_PREFIX_VARIABLE} must be a path starting with '/', got {prefix!r}")
    return prefix if prefix.endswith("/") else prefix + "/"


def on_hub(environ=None) -> bool:
    """True when this process runs in a JupyterHub single-user server (or one of its kernels)."""
    return service_prefix(environ) is not None


def public_origin(environ=None) -> str | None:
    """Return the hub's public origin ("https://hub.example.org") when JupyterHub says it, else None."""
    environ = os.environ if environ is None else environ
    for variable in PUBLIC_URL_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") and parts.netloc:
                return f"{parts.scheme}://{parts.netloc}"
    return None


def proxy_prefix(port: int, environ=None) -> str | None:
    """Return the path the hub serves ``127.0.0.1:port`` at ("/user/alice/proxy/absolute/8000"), or None."""
    prefix = service_prefix(environ)
    if prefix is None:
        return None
    return f"{prefix}proxy/absolute/{int(port)}"


def browser_url(port: int, environ=None) -> str:
    """Return the URL a learner's browser opens for a server on ``127.0.0.1:port`` (no trailing slash).

    Off a hub: ``http://127.0.0.1:PORT``. On a hub: the learner's proxy path,
    after the hub's public origin when JupyterHub knows it (otherwise a path
    that the notebook's page opens on its own origin).
    """
    path = proxy_prefix(port, environ)
    if path is None:
        return f"http://{HOST}:{int(port)}"
    return (public_origin(environ) or "") + path


def hub_hosts(environ=None) -> list[str]:
    """Return the host names the hub's users reach this server by (for Django's ALLOWED_HOSTS)."""
    origin = public_origin(environ)
    if origin is None:
        # The public name is unknown; the server still listens on 127.0.0.1 only,
        # so only the hub's proxy on this machine (or pod) can send it a request.
        return ["*"] if on_hub(environ) else []
    return [urlsplit(origin).hostname]


_COOKIE_PATH = re.compile(r";\s*path=[^;]*", re.IGNORECASE)


def _cookie_under(header_value: str, prefix: str) -> str:
    """Return a Set-Cookie value whose Path lies under ``prefix`` (a path of "/x" becomes prefix + "/x")."""
    match = _COOKIE_PATH.search(header_value)
    path = match.group(0).split("=", 1)[1].strip() if match else "/"
    if path.startswith(prefix):
        return header_value
    narrowed = f"; Path={prefix}{path if path.startswith('/') else '/' + path}"
    if match:
        return header_value[: match.start()] + narrowed + header_value[match.end():]
    return header_value + narrowed


class ProxyPrefixMiddleware:
    """WSGI middleware: a request under the hub's proxy prefix is served as if mounted there.

    ``prefix_for(environ)`` returns the prefix of this request's server, e.g.
    "/user/alice/proxy/absolute/8000" (``None``: never a prefix). A request whose
    path starts with it gets the prefix moved to ``SCRIPT_NAME``, and the cookies
    the app sets are limited to that prefix; any other request passes untouched.
    """

    def __init__(self, app, prefix_for) -> None:
        self.app = app
        self.prefix_for = prefix_for

    def __call__(self, environ, start_response):
        prefix = self.prefix_for(environ)
        path = environ.get("PATH_INFO", "")
        if not prefix or not (path == prefix or path.startswith(prefix + "/")):
            return self.app(environ, start_response)
        environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "").rstrip("/") + prefix
        environ["PATH_INFO"] = path[len(prefix):] or "/"

        def start_with_cookies_under_prefix(status, headers, exc_info=None):
            headers = [
                (name, _cookie_under(value, prefix) if name.lower() == "set-cookie" else value)
                for name, value in headers
            ]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        return self.app(environ, start_with_cookies_under_prefix)


def behind_hub_proxy(app, environ=None):
    """Wrap a WSGI app so it works through the hub's proxy; return it unchanged off a hub.

    The prefix is worked out per request from the port the request came in on,
    so one wrapped app can serve on any port.
    """
    if not on_hub(environ):
        return app
    frozen = dict(os.environ if environ is None else environ)

    def prefix_for(request_environ):
        port = request_environ.get("SERVER_PORT")
        return proxy_prefix(int(port), frozen) if port and str(port).isdigit() else None

    return ProxyPrefixMiddleware(app, prefix_for)
