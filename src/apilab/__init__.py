"""apilab: the support package of the course "Flask vs Django: building RESTful APIs in Python".

Notebooks call it in one line: serve an app inside the kernel, configure
Django, check an API against the Products API contract, measure and plot.
"""

from .django_setup import serve_django, setup_django, use_urlpatterns
from .servers import recent_errors, running_servers, serve, stop_all

__all__ = [
    "recent_errors",
    "running_servers",
    "serve",
    "serve_django",
    "setup_django",
    "stop_all",
    "use_urlpatterns",
]
