"""apilab: the support package of the course "Flask vs Django: building RESTful APIs in Python".

Notebooks call it in one line: serve an app inside the kernel, configure
Django, check an API against the Products API contract, measure and plot.
"""

import sys

from apilab.django_project.setup import serve_django, setup_django, use_urlpatterns
from apilab.serving import servers
from apilab.serving.servers import recent_errors, running_servers, serve

__all__ = [
    "check_fresh_stores",
    "compare_reports",
    "recent_errors",
    "run_checks",
    "running_servers",
    "serve",
    "serve_django",
    "setup_django",
    "stop_all",
    "use_urlpatterns",
]

# Modules that keep their own registry of running programs, and how to stop them all.
_OTHER_REGISTRIES = {
    "apilab.measure.bench_servers": "stop_all_bench_servers",
    # Workers before Redis: a worker stops cleanly while its broker still answers.
    "apilab.serving.celery_worker": "stop_all_workers",
    "apilab.serving.redis_server": "stop_all_redis",
}


def stop_all() -> None:
    """Stop every server this kernel started through apilab: in-kernel, benchmark processes, Redis, Celery workers."""
    for module_name, stop in _OTHER_REGISTRIES.items():
        module = sys.modules.get(module_name)  # not imported: nothing of it can be running
        if module is not None:
            getattr(module, stop)()
    servers.stop_all()


# The contract checks need pandas; import them on first use so that server
# processes started from apilab (which import this package) start fast.
_LAZY = {"check_fresh_stores", "compare_reports", "run_checks"}


def __getattr__(name: str):
    if name in _LAZY:
        from . import contract

        return getattr(contract, name)
    raise AttributeError(f"module 'apilab' has no attribute {name!r}")
