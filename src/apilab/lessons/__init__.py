"""Helpers that one lesson calls in one line, so its cells hold teaching, not machinery.

``environment_check`` (lesson 01), ``code_size`` and ``feature_matrix``
(02, 05), ``security_demo`` (04), ``request_timeline`` (07),
``deployment_files`` and ``container_command`` (08), ``decision_guide`` (09);
``products_ladder`` (Up-The-Abstraction-Ladder), ``pytest_runs`` (Testing-An-API),
and ``products_builds`` / ``products_drf_build``, the Products API ready made for
the lessons that test or protect it (Testing-An-API, Authentication-And-Permissions).

It may import every layer below it (``serving``, ``django_project``,
``contract``, ``measure``), never ``grading`` or ``course``.
"""
