"""What the tests of the course website share (tests/site, tests/course/test_site.py).

- ``require_mathjax``: skip, or fail under CI, when npm's MathJax is missing;
- ``write_tiny_course``: a two-lesson course folder (one lesson with math) with an exercise;
- ``serving``: a built site served over HTTP on a free 127.0.0.1 port.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest
from headless_chromium import in_ci

from apilab.course import site, toc

REPO_ROOT = Path(__file__).resolve().parents[1]
TINY_README = """# Tiny course

<!-- toc -->
<!-- /toc -->
"""
TINY_LEARNING = """# Learning with the tiny course

Start with `make lab`, then read [the first lesson](../notebooks/01-First-Steps.ipynb).
For a class, see [Teaching](teaching.md#a-class).
"""
TINY_TEACHING = """# Teaching the tiny course

## A class

Give every learner the environment; learners start [here](learning.md).
"""


def require_mathjax() -> None:
    """Skip (or, under CI=true, fail) when npm's MathJax is not installed; `make test` and `make site` install it."""
    try:
        site.mathjax_files()
    except site.SiteError as error:
        if in_ci():
            pytest.fail(f"CI=true and {error}")
        pytest.skip(str(error))


def write_notebook(path: Path, cells: list) -> Path:
    """Write a notebook with these cells (and a python3 kernelspec), making its folder."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = cells
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def grading(grade_id: str, grade: bool, solution: bool, points: float | None = None) -> dict:
    """A cell's nbgrader metadata."""
    return {"nbgrader": {"grade_id": grade_id, "grade": grade, "solution": solution, "locked": not solution,
                         "points": points, "schema_version": 3}}


def exercise_cells() -> list:
    """A learner's exercise notebook: an answer cell, two test cells (3 + 2 points), a written answer (3)."""
    new_code, new_markdown = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    return [
        new_markdown("# Exercise: multiply\n\nWrite `times`.", id="title"),
        new_code("def times(a, b):\n    # YOUR CODE HERE\n    raise NotImplementedError()", id="answer",
                 metadata=grading("answer", False, True)),
        new_code("# check_small: times works on small numbers (3 points)\nassert times(2, 3) == 6", id="check_small",
                 metadata=grading("check_small", True, False, 3)),
        new_code("# check_zero: times(0, x) is 0 (2 points)\nassert times(0, 5) == 0", id="check_zero",
                 metadata=grading("check_zero", True, False, 2)),
        new_markdown("YOUR ANSWER HERE", id="why", metadata=grading("why", True, True, 3)),
    ]


def write_tiny_course(root: Path) -> Path:
    """A course folder with two lessons (the first with math), an exercise, the README and the site's pages."""
    new_code, new_markdown = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    write_notebook(root / "notebooks" / "01-First-Steps.ipynb", [
        new_markdown("# First Steps\n\nThe area is $a^2$ for a side $a$.", id="title"),
        new_code("print(6 * 7)", id="answer"),
    ])
    write_notebook(root / "notebooks" / "02-Second-Steps.ipynb", [
        new_markdown("# Second Steps\n\nMore words.", id="title"),
        new_code("'second' + ' ' + 'output'", id="body"),
    ])
    write_notebook(root / "exercises" / "01-multiply" / "01-multiply.ipynb", exercise_cells())
    (root / "README.md").write_text(TINY_README)
    (root / "site").mkdir()
    shutil.copy2(REPO_ROOT / "site" / "conf.py", root / "site" / "conf.py")
    shutil.copy2(REPO_ROOT / "site" / "course.css", root / "site" / "course.css")
    (root / "site" / "learning.md").write_text(TINY_LEARNING)
    (root / "site" / "teaching.md").write_text(TINY_TEACHING)
    assert toc.main(["--root", str(root)]) == 0
    return root


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a built site's files without logging every request to stderr."""

    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def serving(folder: Path):
    """Serve ``folder`` over HTTP on a free 127.0.0.1 port; yield its base URL; stop on leaving."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
