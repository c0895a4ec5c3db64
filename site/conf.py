"""Sphinx configuration of the course website (``make site``; see ``apilab.course.site``).

``apilab site`` copies this file beside the pages it assembles (in ``build/site/source/``)
and runs Sphinx there: the lessons are shown with the outputs they already have (they are
executed before Sphinx runs), and nothing on a page is loaded from another host.
"""

project = "Flask vs Django: building RESTful APIs in Python"
html_title = "Flask vs Django: RESTful APIs in Python"
author = "the course's authors"
copyright = "the course's authors (MIT licence)"

extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

# The notebooks arrive executed: Sphinx shows their outputs and never runs them.
nb_execution_mode = "off"
nb_output_stderr = "show"
nb_merge_streams = True
# Widget outputs would pull their JavaScript from a CDN: leave them out (their text is shown).
nb_ipywidgets_js = {}
# The README's links to its own sections (#two-commands) keep working.
myst_heading_anchors = 3
myst_enable_extensions = ["dollarmath"]

# MathJax from the site itself (npm's mathjax, copied into _static/mathjax by apilab site).
html_static_path = ["_static"]
html_css_files = ["course.css"]  # site/course.css: the banner's contrast, code that wraps
# One search box: the theme's button in the article header (the sidebar's field left out).
html_sidebars = {"**": ["navbar-logo.html", "icon-links.html", "sbt-sidebar-nav.html"]}
mathjax_path = "mathjax/tex-chtml.js"

html_theme = "sphinx_book_theme"
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
    "announcement": (
        "You are reading the course as it ran. To run it yourself: clone it and type "
        "<code>make lab</code> (<code>make test</code> runs its tests); a class can run it on "
        "JupyterHub. The front page says how."
    ),
}
html_last_updated_fmt = "%Y-%m-%d"
html_show_sourcelink = False
# The download button offers each page's notebook (a lesson with its outputs; an exercise as a learner gets it).
html_copy_source = True
