"""Every lesson has the shape learners rely on: title, goals, one setup cell, practice with answers, a summary."""

from __future__ import annotations

import re

import nbformat
import pytest
from lesson_runs import NOTEBOOKS

from apilab.course.toc import is_navigation, lesson_files


def lesson_problems(notebook) -> list[str]:
    """Return what the lesson is missing, one phrase per problem."""
    cells = [cell for cell in notebook.cells if not is_navigation(cell)]
    markdown = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    code = [cell for cell in cells if cell.cell_type == "code"]
    problems = []
    if not cells or cells[0].cell_type != "markdown" or not cells[0].source.startswith("# "):
        problems.append("the first cell is not a '# Title' markdown cell")
    if "Learning goals" not in markdown:
        problems.append("no 'Learning goals: after this lesson you will be able to …'")
    setup = [index for index, cell in enumerate(code) if "run this first" in cell.source.lower()]
    if setup != [0]:
        problems.append(f"the first code cell, and only it, must say 'Run this first' (found in code cells {setup})")
    if not re.search(r"^###+ Practice", markdown, re.MULTILINE):
        problems.append("no '### Practice: …' item (their shape is checked by test_practice_items)")
    hidden_answer = any(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden") for cell in code)
    if not (hidden_answer or "<details" in markdown):
        problems.append("no answer to the exercise (a source-hidden cell or a <details> block)")
    if not re.search(r"^## Summary", markdown, re.MULTILINE):
        problems.append("no '## Summary'")
    if len(re.findall(r"^## ", markdown, re.MULTILINE)) < 3:
        problems.append("fewer than three '## ' sections")
    return problems


@pytest.mark.parametrize("path", lesson_files(NOTEBOOKS), ids=lambda path: path.name)
def test_lesson_has_the_course_shape(path):
    problems = lesson_problems(nbformat.read(path, as_version=4))
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_the_structure_check_notices_a_missing_part():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Title\n\nLearning goals: …"),
                      nbformat.v4.new_code_cell("# Run this first\nimport apilab")]
    problems = lesson_problems(notebook)
    assert any("Practice" in problem for problem in problems) and any("Summary" in problem for problem in problems)
