"""The course's Django project, configured inside the kernel.

``setup`` configures settings once per kernel (``static_storage`` keeps static URLs under a
hub's proxy path) and serves a notebook's
``urlpatterns`` (``apilab.setup_django``, ``apilab.serve_django``); ``shop`` is
the app with the ``Product`` model and its migration; ``reviews`` the
``Review`` model (a foreign key to ``Product``) that only the lessons on
relationships install; ``admin_site`` serves the
admin with a superuser to log in as; ``commands`` runs ``manage.py`` commands
of a project folder in a process of their own.

It may import ``apilab.serving`` only.
"""
