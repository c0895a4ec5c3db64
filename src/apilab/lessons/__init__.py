"""Helpers that one lesson calls in one line, so its cells hold teaching, not machinery.

By lesson (named by title, as the numbers change): ``environment_check``
(Setting-Up-The-Environment); ``code_size`` and ``feature_matrix`` (Overview,
Side-By-Side), ``build_differences`` (Side-By-Side); ``security_demo``
(Django-And-DRF); ``products_ladder`` (Up-The-Abstraction-Ladder); ``pytest_runs`` (Testing-An-API);
``products_builds`` / ``products_drf_build``, the Products API ready made for
the lessons that test or protect it (Testing-An-API,
Authentication-And-Permissions); ``sample_catalogue``, ``docs_pages``, ``request_ids``, ``request_metrics``
and ``json_logs`` (Real-API-Features);
``browser_page`` (Calling-The-API-From-A-Browser); ``migration_project``
(Migrations-In-Practice); ``request_timeline`` and ``waiting_comparison`` (Asynchronous-APIs);
``deployment_files``, ``deployment_lint``, ``container_command``, ``flask_command``, ``reverse_proxy`` and
``serverless_event`` (Deployment); ``decision_guide``
(Choosing). ``practice`` holds every lesson's self-check functions, one module per lesson.

It may import every layer below it (``serving``, ``django_project``,
``contract``, ``measure``), never ``grading`` or ``course``.
"""
