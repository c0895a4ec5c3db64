"""The table of contents, the index notebook and the lessons' navigation cells are generated, and current."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from apilab.course import toc

REPO_ROOT = Path(__file__).resolve().parents[2]


def write_lesson(folder: Path, name: str, title: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\nSome words.", id="title"),
        nbformat.v4.new_code_cell("1 + 1", id="body"),
    ]
    path = folder / name
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A small course folder: two lessons and a README with the toc markers."""
    (tmp_path / "notebooks").mkdir()
    write_lesson(tmp_path / "notebooks", "01-First-Steps.ipynb", "First Steps")
    write_lesson(tmp_path / "notebooks", "02-Second-Steps.ipynb", "Second Steps")
    (tmp_path / "README.md").write_text("# Course\n\n<!-- toc -->\nold list\n<!-- /toc -->\n\nMore.\n")
    return tmp_path


def test_the_committed_table_of_contents_is_current(capsys):
    """Fails when a lesson was added, renamed or retitled without running `make toc`."""
    status = toc.main(["--check", "--root", str(REPO_ROOT)])
    assert status == 0, capsys.readouterr().out.strip()


def test_write_generates_index_readme_and_navigation(course):
    toc.main(["--root", str(course)])
    readme = (course / "README.md").read_text()
    listed = "1. [First Steps](notebooks/01-First-Steps.ipynb)\n2. [Second Steps](notebooks/02-Second-Steps.ipynb)"
    assert listed in readme
    assert "old list" not in readme and readme.endswith("<!-- /toc -->\n\nMore.\n")
    index = nbformat.read(course / "notebooks" / "00-Index.ipynb", as_version=4)
    assert "2. [Second Steps](02-Second-Steps.ipynb)" in "".join(cell.source for cell in index.cells)
    first = nbformat.read(course / "notebooks" / "01-First-Steps.ipynb", as_version=4)
    assert [cell.id for cell in first.cells] == ["navigation-top", "title", "body", "navigation-bottom"]
    assert "02-Second-Steps.ipynb" in first.cells[0].source and "←" not in first.cells[0].source
    second = nbformat.read(course / "notebooks" / "02-Second-Steps.ipynb", as_version=4)
    assert "01-First-Steps.ipynb" in second.cells[-1].source and "00-Index.ipynb" in second.cells[-1].source


def test_rerunning_replaces_navigation_without_duplicating_it(course):
    toc.main(["--root", str(course)])
    write_lesson(course / "notebooks", "03-Third-Steps.ipynb", "Third Steps")
    assert toc.main(["--check", "--root", str(course)]) == 1
    toc.main(["--root", str(course)])
    second = nbformat.read(course / "notebooks" / "02-Second-Steps.ipynb", as_version=4)
    assert [cell.id for cell in second.cells] == ["navigation-top", "title", "body", "navigation-bottom"]
    assert "03-Third-Steps.ipynb" in second.cells[0].source
    assert toc.main(["--check", "--root", str(course)]) == 0


def test_check_reports_a_stale_file_in_one_line(course, capsys):
    toc.main(["--root", str(course)])
    capsys.readouterr()
    lesson = course / "notebooks" / "02-Second-Steps.ipynb"
    notebook = nbformat.read(lesson, as_version=4)
    notebook.cells[1].source = "# Second Steps, Renamed"
    nbformat.write(notebook, lesson)
    assert toc.main(["--check", "--root", str(course)]) == 1
    message = capsys.readouterr().out
    assert message.count("\n") == 1 and "notebooks/01-First-Steps.ipynb" in message and "README.md" in message


def test_check_writes_nothing(course):
    before = {path: path.read_bytes() for path in course.rglob("*") if path.is_file()}
    toc.main(["--check", "--root", str(course)])
    after = {path: path.read_bytes() for path in course.rglob("*") if path.is_file()}
    assert after == before


def test_replace_between_markers_needs_both_markers():
    replaced = toc.replace_between_markers("a\n<!-- toc -->\nx\n<!-- /toc -->\nb", "1\n2")
    assert replaced == "a\n<!-- toc -->\n1\n2\n<!-- /toc -->\nb"
    with pytest.raises(ValueError, match="toc"):
        toc.replace_between_markers("no markers here", "1")


def test_a_lesson_without_a_title_cell_is_named(course):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("no heading", id="x")]
    nbformat.write(notebook, course / "notebooks" / "04-Untitled.ipynb")
    with pytest.raises(ValueError, match="04-Untitled.ipynb"):
        toc.read_lessons(course / "notebooks")


def test_the_exercise_table_comes_from_the_exercises_and_their_notebooks():
    from apilab.exercises import EXERCISES

    table = toc.exercise_table(REPO_ROOT, toc.read_lessons(REPO_ROOT / "notebooks"))
    rows = table.splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == list(EXERCISES)
    scaling = next(row for row in rows if "03-scaling" in row)
    assert "| 12 (3 by hand) |" in scaling and "(../notebooks/12-Scalability.ipynb)" in scaling
    learning = (REPO_ROOT / "site" / "learning.md").read_text()
    assert table in learning, "site/learning.md's exercise table is stale: run `make toc`"
