"""The course itself: the ``apilab`` command and what it runs.

``cli`` is the command (a thin shell over importable functions); ``lab`` opens
the course in JupyterLab with the self-study exchange ready; ``toc`` generates
the table of contents, the index and each lesson's navigation; ``site`` builds
the course website from the lessons' executed copies (``executed``).

The top layer: it may import every other subpackage; none imports it.
"""
