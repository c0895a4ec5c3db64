"""nbgrader settings for the course: solutions/ is the source, exercises/ the release.

nbgrader reads this file from the folder it runs in (the course folder), and so
does JupyterLab's Formgrader when the server starts here. Two settings come from
the environment so one checkout serves a laptop and a class alike:

    NBGRADER_EXCHANGE_ROOT   the exchange folder (default: .exchange/ in the course,
                             git-ignored; a class uses a shared folder such as
                             /srv/nbgrader/exchange)
    NBGRADER_DB_URL          the gradebook, any SQLAlchemy URL (default: sqlite file
                             gradebook.db in the course; e.g.
                             postgresql://grader@dbhost/flask_vs_django for several graders)
"""

import importlib.util
import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "flask-vs-django"
c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = os.environ.get("NBGRADER_DB_URL") or f"sqlite:///{os.path.join(COURSE_ROOT, 'gradebook.db')}"

# The exchange; learners working alone fetch into my-work/ (git-ignored), never into exercises/.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE_ROOT") or os.path.join(COURSE_ROOT, ".exchange")
c.Exchange.assignment_dir = os.path.join(COURSE_ROOT, "my-work")

# What nbgrader never copies into a release, a submission or a feedback folder: its defaults, the test
# suite exercise 5's answer cell writes (an instructor who ran the solution has one beside it), the
# IPython folder a kernel makes where it runs, and exercise 5's hidden buggy builds (the grader's alone).
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "test_products_api.py",
                           ".ipython", "hidden_builds.py"]

# Each graded cell starts servers and sends a few hundred requests: seconds, not minutes.
# A cell still running after this is interrupted and scores 0 (an infinite loop, say).
c.Execute.timeout = 120

# A learner who deletes a test cell still gets it run (otherwise: "needs manual grade" forever).
c.OverwriteCells.add_missing_cells = True

# Keep a flood of output from bloating the autograded notebook and the feedback.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60

# Formgrader and the feedback show a learner's outputs as sanitized HTML: no script of theirs runs
# in an instructor's Jupyter server or a classmate's browser.
c.HTMLExporter.sanitize_html = True

# Feedback shows the learner's results, never the hidden tests' source nor what a cell printed while they
# ran (the course's preprocessor; nbgrader's own where the course's package is not installed).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "apilab.grading.feedback_cells.ClearHiddenTestsAndOutputs" if importlib.util.find_spec("apilab") is not None
    else "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# ... and markdown cells without javascript: links (nbconvert's own filter keeps them); its table of
# contents names each test cell by what it checks, not "Test cell".
if importlib.util.find_spec("apilab") is not None:
    c.HTMLExporter.filters = {"markdown2html": "apilab.grading.safe_markdown.markdown2html"}
    c.GenerateFeedback.exporter_class = "apilab.grading.feedback_page.FeedbackExporter"

# Collecting copies a submission's regular files only: no link is followed, no device read, nothing
# oversized (nbgrader's own collect copies a link to the solutions as the solutions).
if importlib.util.find_spec("apilab") is not None:
    c.ExchangeFactory.collect = "apilab.grading.collect.SafeCollect"

# Working alone (make lab sets APILAB_SELF_STUDY): Submit also grades the submission with the course's verified
# grading, releases its feedback, offers the model answer and the next exercise, and the Assignment List shows
# the score. A class (a hub) keeps nbgrader's own submit and list.
if os.environ.get("APILAB_SELF_STUDY") and importlib.util.find_spec("apilab") is not None:
    c.ExchangeFactory.submit = "apilab.grading.self_study_exchange.SelfStudySubmit"
    c.ExchangeFactory.list = "apilab.grading.self_study_exchange.SelfStudyList"

# Validate shows the one-line failures of a test cell that earned part of its points
# (nbgrader alone says only "Partial credit"). Skipped where the course's package is not installed.
try:
    from apilab.grading.validate import show_failures_in_validate
except ImportError:
    pass
else:
    show_failures_in_validate()
