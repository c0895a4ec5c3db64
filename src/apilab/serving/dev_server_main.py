"""Run a WSGI app under a development server, as a program: ``python -m apilab.serving.dev_server_main``.

Usage: ``python -m apilab.serving.dev_server_main {werkzeug|django-dev} module:app PORT``

The development servers are measured beside the production ones to show the
difference; they log nothing per request. ``django-dev`` is the server behind
Django's ``runserver``.
"""

import importlib
import sys


def load_target(target: str):
    """Import ``module:variable`` or call ``module:factory()`` and return the app."""
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    if attribute.endswith("()"):
        return getattr(module, attribute[:-2])()
    return getattr(module, attribute)


def main(argv: list[str]) -> None:
    if len(argv) != 3 or argv[0] not in ("werkzeug", "django-dev"):
        sys.exit("usage: python -m apilab.serving.dev_server_main {werkzeug|django-dev} module:app PORT")
    kind, target, port = argv[0], argv[1], int(argv[2])
    app = load_target(target)
    if kind == "werkzeug":
        from werkzeug.serving import run_simple

        from apilab.serving.unlogged_handler import UnloggedRequestHandler

        run_simple("127.0.0.1", port, app, threaded=True, request_handler=UnloggedRequestHandler)
    else:
        from django.core.servers.basehttp import WSGIRequestHandler, run

        class QuietDjangoHandler(WSGIRequestHandler):
            def log_message(self, *args):
                pass

        # Quiet, and otherwise the real thing: runserver's own server class and handler.
        import django.core.servers.basehttp as basehttp

        basehttp.WSGIRequestHandler = QuietDjangoHandler
        run("127.0.0.1", port, app, threading=True)


if __name__ == "__main__":
    main(sys.argv[1:])
