"""The Products API contract as executable checks.

``checks`` runs them against a running API (``run_checks``,
``check_fresh_stores``, ``compare_reports``; ``apilab check`` from a terminal);
``crud_checks`` and ``auth_checks`` are Part A and Part B, one function per
rule; ``client`` sends the requests and words a failure in one line;
``context`` holds what one run has created; ``groups`` names the groups the
graders award points for; ``report`` is the table a run returns;
``products_openapi.yaml`` is the same contract as an OpenAPI document.

It may import ``apilab.serving`` and ``apilab.django_project``. The names of
``checks`` are reached here, so ``apilab.contract.run_checks`` is the call;
they are imported on first use, so that a process needing only ``groups`` or
``report`` (the grader's verification process) starts without ``requests``.
"""

import importlib


def __getattr__(name: str):
    checks = importlib.import_module("apilab.contract.checks")
    if name in checks.__all__ or name == "main":
        return getattr(checks, name)
    raise AttributeError(f"module 'apilab.contract' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(importlib.import_module("apilab.contract.checks").__all__)
