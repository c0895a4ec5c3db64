"""`apilab site` builds the course website from a course folder: lessons with outputs, exercises, offline.

These build a two-lesson course in a temp folder (its lessons run in real kernels,
Sphinx really runs); tests/site checks the real course's site in a browser.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from site_support import require_mathjax, write_notebook, write_tiny_course

from apilab.course import executed, site


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course folder with two lessons (one with math), an exercise, the README and the site's conf.py."""
    return write_tiny_course(tmp_path / "course")


@pytest.mark.slow
def test_the_site_shows_lessons_with_outputs_and_reuses_them_next_time(course, tmp_path):
    require_mathjax()
    kept = tmp_path / "kept"
    result = site.build(course, output=tmp_path / "site", kept=kept)
    html = result.index.parent
    assert sorted(result.executed) == ["01-First-Steps.ipynb", "02-Second-Steps.ipynb"]
    first = (html / "notebooks" / "01-First-Steps.html").read_text()
    assert "42" in first and "second output" in (html / "notebooks" / "02-Second-Steps.html").read_text()
    # Navigation from apilab toc: next lesson, and "Contents" on the front page; the theme's at the end only.
    assert 'href="02-Second-Steps.html"' in first and 'href="../index.html"' in first
    assert first.count('std-doc">Contents</span></a>') == 1  # the top navigation cell only
    assert 'href="../_static/course.css' in first and (html / "_static" / "course.css").is_file()
    # MathJax from the site itself, nowhere else.
    assert 'src="../_static/mathjax/tex-chtml.js' in first and "cdn" not in first.lower()
    assert (html / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    front = result.index.read_text()  # the learner's guide, its links working on the site
    assert "Learning with the tiny course" in front and 'href="notebooks/01-First-Steps.html"' in front
    assert 'href="teaching.html#a-class"' in front
    assert 'href="index.html"' in (html / "teaching.html").read_text()
    assert (html / "search.html").exists() and "first" in (html / "searchindex.js").read_text().lower()

    again = site.build(course, output=tmp_path / "site", kept=kept)
    assert again.executed == [] and again.lessons == result.lessons


@pytest.mark.slow
def test_a_failing_lesson_cell_fails_the_build_and_says_where(course, tmp_path):
    require_mathjax()
    write_notebook(course / "notebooks" / "03-Broken-Steps.ipynb", [
        nbformat.v4.new_markdown_cell("# Broken Steps", id="title"),
        nbformat.v4.new_code_cell("1 / 0", id="divide"),
    ])
    for good in ("01-First-Steps.ipynb", "02-Second-Steps.ipynb"):  # kept copies: only the broken one runs
        path = course / "notebooks" / good
        executed.save(path, nbformat.read(path, as_version=4), tmp_path / "kept")
    with pytest.raises(site.SiteError) as failure:
        site.build(course, output=tmp_path / "site", kept=tmp_path / "kept")
    message = str(failure.value)
    assert "03-Broken-Steps.ipynb" in message and "ZeroDivisionError" in message
    assert "01-First-Steps" not in message
    assert not (tmp_path / "site" / "html" / "index.html").exists()
    assert not (tmp_path / "kept" / "03-Broken-Steps.ipynb").exists()


def test_the_exercise_page_says_how_it_is_graded(course):
    page = site.exercise_page(course / "exercises" / "01-multiply" / "01-multiply.ipynb")
    assert page.cells[0].id == "title" and page.cells[1].id == "site-grading"
    text = page.cells[1].source
    assert "**8 points**: 5 checked by the test cells, 3 graded by hand." in text
    assert "| `check_small` | times works on small numbers (3 points) | 3 |" in text
    assert "Fetch** `01-multiply`" in text and "Validate" in text
    assert "raise NotImplementedError()" in page.cells[2].source


def test_the_site_lists_lessons_in_the_courses_order_then_exercises_and_guides(course):
    text = site.index_source(course, ["notebooks/01-First-Steps", "notebooks/02-Second-Steps"],
                             ["exercises/01-multiply/01-multiply"], ["teaching"])
    assert text.startswith("# Learning with the tiny course\n")
    lessons = text.index(":caption: Lessons")
    assert lessons < text.index("notebooks/01-First-Steps\nnotebooks/02-Second-Steps") < text.index(
        ":caption: Exercises") < text.index(":caption: Teaching and maintaining")


@pytest.mark.slow
def test_a_broken_link_in_a_guide_fails_the_build_and_names_it(course, tmp_path):
    require_mathjax()
    kept = tmp_path / "kept"
    for lesson in ("01-First-Steps.ipynb", "02-Second-Steps.ipynb"):  # kept copies: nothing runs
        path = course / "notebooks" / lesson
        executed.save(path, nbformat.read(path, as_version=4), kept)
    teaching = course / "site" / "teaching.md"
    teaching.write_text(teaching.read_text() + "\nSee [the grading guide](grading.md#guarantees).\n")
    with pytest.raises(site.SiteError, match=r"(?s)1 broken link.*teaching.md:\d+: .*grading.md#guarantees"):
        site.build(course, output=tmp_path / "site", kept=kept)


def test_collapsed_cells_stay_collapsed_on_the_page():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("answer = 42", metadata={"jupyter": {"source_hidden": True}})]
    assert site.shown_as_in_lab(notebook).cells[0].metadata["tags"] == ["hide-input"]


def test_without_mathjax_the_build_says_how_to_get_it(tmp_path):
    with pytest.raises(site.SiteError, match="make site"):
        site.mathjax_files(tmp_path / "no-mathjax")


def test_apilab_site_fails_with_one_readable_line(monkeypatch, capsys):
    def no_mathjax(*args, **kwargs):
        raise site.SiteError("MathJax is not installed in build/mathjax: run `make site`")

    monkeypatch.setattr(site, "build", no_mathjax)
    assert site.main([]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("apilab site: MathJax is not installed")
