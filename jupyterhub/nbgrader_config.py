"""nbgrader settings every server of the class gets: /etc/jupyter/nbgrader_config.py (global).

Learners' Assignment List fetches from and submits to the shared exchange;
the hub's groups say who is in the course (nbgrader-flask-vs-django) and who
grades it (formgrade-flask-vs-django). Instructors' servers read this file
too; the course's own nbgrader_config.py (in their checkout) adds the rest.
The Zero to JupyterHub values carry this same text (a test keeps them equal).
"""

import os

from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)

c.CourseDirectory.course_id = "flask-vs-django"
# The shared exchange: a folder every learner can write (chmod 1777); the hub passes its path.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE_ROOT") or "/srv/nbgrader/exchange"
# One exchange folder per course, so one hub can hold several courses.
c.Exchange.path_includes_course = True
# Courses (and so the assignments a learner sees) come from the hub's nbgrader-<course> groups.
c.Authenticator.plugin_class = JupyterHubAuthPlugin
c.NbGrader.course_titles = {"flask-vs-django": "Flask vs Django: building RESTful APIs in Python"}
