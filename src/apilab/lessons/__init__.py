"""Helpers that one lesson calls in one line, so its cells hold teaching, not machinery.

``environment_check`` (lesson 01), ``code_size`` and ``feature_matrix``
(02, 05), ``build_differences`` (05), ``security_demo`` (04),
``request_timeline`` (07), ``deployment_files``, ``deployment_lint`` and
``container_command`` (08), ``decision_guide`` (09).

It may import every layer below it (``serving``, ``django_project``,
``contract``, ``measure``), never ``grading`` or ``course``.
"""
