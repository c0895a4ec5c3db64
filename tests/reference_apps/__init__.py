"""Reference solutions of the Products API contract, and buggy variants of them, for the tests.

They live with the tests, not in ``apilab``, so a learner cannot import a
solution. ``flask_products`` and ``drf_products`` pass every contract check;
``flask_buggy`` and ``drf_buggy`` each build variants with one realistic bug.
"""
