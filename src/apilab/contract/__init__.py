"""The Products API contract as executable checks.

``checks`` runs them against a running API (``run_checks``,
``check_fresh_stores``, ``compare_reports``; ``apilab check`` from a terminal);
``crud_checks`` and ``auth_checks`` are Part A and Part B, one function per
rule; ``client`` sends the requests and words a failure in one line;
``context`` holds what one run has created; ``groups`` names the groups the
graders award points for; ``report`` is the table a run returns;
``products_openapi.yaml`` is the same contract as an OpenAPI document.

It may import ``apilab.serving`` and ``apilab.django_project``. The names of
``checks`` are re-exported here, so ``apilab.contract.run_checks`` is the call.
"""

from apilab.contract.checks import *  # noqa: F401,F403 (the public names, listed in checks.__all__)
from apilab.contract.checks import __all__, main  # noqa: F401
