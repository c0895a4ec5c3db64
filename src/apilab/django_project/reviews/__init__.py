"""Reviews of the shop's products: the course's example of a relationship (a foreign key to ``Product``).

Installed only by the lessons that teach relationships, by adding
``"apilab.django_project.reviews"`` to ``INSTALLED_APPS`` in their
``apilab.setup_django(...)`` call; every other lesson's project stays as it was.
"""
