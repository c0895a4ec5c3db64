"""Helpers that one lesson calls in one line, so its cells hold teaching, not machinery.

``environment_check`` (lesson 01), ``code_size`` and ``feature_matrix``
(02, 05), ``security_demo`` (04), ``request_timeline`` (07),
``deployment_files`` and ``container_command`` (08), ``decision_guide`` (09),
``sample_catalogue`` (Real-API-Features), ``browser_page``
(Calling-The-API-From-A-Browser), ``migration_project`` (Migrations-In-Practice).

It may import every layer below it (``serving``, ``django_project``,
``contract``, ``measure``), never ``grading`` or ``course``.
"""
