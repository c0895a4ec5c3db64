"""Every numbered lesson has practice items with a self-check, and each check tells the three states apart.

In the lesson run (``lesson_runs``), each item's check runs as committed, with the answer cell still
its template, and again after the model answer: the first must say "not done yet" without an error,
the second "All checks passed.", and neither may print the model answer or a line over 120 characters.
"""

from __future__ import annotations

import nbformat
import pytest
from lesson_runs import NOTEBOOKS
from practice_rules import item_problems, model_lines

from apilab.course.toc import lesson_files
from apilab.lessons.practice.feedback import ALL_PASSED, LINE_LIMIT, NOT_DONE
from apilab.lessons.practice.items import practice_items

LESSONS = lesson_files(NOTEBOOKS)


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.name)
def test_every_lesson_has_practice_items_of_the_course_shape(path):
    problems = item_problems(nbformat.read(path, as_version=4))
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_the_shape_check_notices_an_item_without_its_model_answer():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("### Practice: count"),
                      nbformat.v4.new_code_cell("answer = None", id="l1-count-answer"),
                      nbformat.v4.new_code_cell("from apilab.lessons.practice.x import check\ncheck(answer)",
                                                id="l1-count-check", metadata={"tags": ["self-check"]})]
    problems = item_problems(notebook)
    assert any("at least 2" in problem for problem in problems)
    assert any("a model answer after it" in problem for problem in problems)


def printed(notebook, cell_id: str) -> tuple[str, list]:
    (cell,) = [cell for cell in notebook.cells if cell.get("id") == cell_id]
    outputs = cell.get("outputs", [])
    text = "".join(output.get("text", "") for output in outputs if output.get("name") == "stdout")
    return text, [output for output in outputs if output.get("output_type") == "error"]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [path.name for path in LESSONS])
def test_each_check_says_not_done_on_the_template_and_passes_the_model_answer(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, f"{lesson} stopped with an error:\n{run.error}"
    cells = {cell.get("id"): cell for cell in run.notebook.cells}
    problems = []
    for item in practice_items(nbformat.read(NOTEBOOKS / lesson, as_version=4)):
        empty, empty_errors = printed(run.notebook, item.check_id)
        model, model_errors = printed(run.notebook, item.model_check_id)
        if empty_errors or not empty.startswith(NOT_DONE):
            problems.append(f"{item.check_id} on the template printed {empty!r} {empty_errors}")
        if model_errors or not model.rstrip().endswith(ALL_PASSED) or "✗" in model:
            problems.append(f"{item.check_id} after the model answer printed {model!r} {model_errors}")
        for text in (empty, model):
            long = [line for line in text.splitlines() if len(line) > LINE_LIMIT]
            leaked = [line for line in model_lines(cells[item.model_id].source) if line in text]
            if long or leaked:
                problems.append(f"{item.check_id} printed lines over {LINE_LIMIT} characters {long} "
                                f"or the model answer's lines {leaked}")
    assert not problems, f"{lesson}: " + "; ".join(problems)
