"""Executed lesson copies are kept, found again while current, and refused when stale or failed."""

from __future__ import annotations

from pathlib import Path

import nbformat

from apilab.course import executed


def lesson(folder: Path, source: str = "1 + 1") -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# A Lesson", id="title"),
                      nbformat.v4.new_code_cell(source, id="body")]
    path = folder / "01-A-Lesson.ipynb"
    nbformat.write(notebook, path)
    return path


def with_output(path: Path, output) -> object:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].outputs = [output]
    return notebook


def test_a_kept_copy_is_found_while_the_lesson_is_unchanged(tmp_path):
    path = lesson(tmp_path)
    copy = with_output(path, nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1))
    executed.save(path, copy, tmp_path / "kept")
    found = executed.load(path, tmp_path / "kept")
    assert found is not None and found.cells[1].outputs[0]["data"]["text/plain"] == "2"


def test_a_copy_is_stale_once_the_lesson_changes(tmp_path):
    path = lesson(tmp_path)
    executed.save(path, nbformat.read(path, as_version=4), tmp_path / "kept")
    lesson(tmp_path, source="1 + 2")
    assert executed.load(path, tmp_path / "kept") is None


def test_a_copy_with_an_error_is_not_used(tmp_path):
    path = lesson(tmp_path)
    error = nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])
    executed.save(path, with_output(path, error), tmp_path / "kept")
    assert executed.load(path, tmp_path / "kept") is None
    assert executed.first_error(with_output(path, error)) == (
        "cell 1 (id body) raised ZeroDivisionError: division by zero")


def test_an_error_in_a_cell_tagged_raises_exception_is_expected(tmp_path):
    notebook = with_output(lesson(tmp_path), nbformat.v4.new_output("error", ename="E", evalue="", traceback=[]))
    notebook.cells[1].metadata["tags"] = ["raises-exception"]
    assert executed.first_error(notebook) is None


def test_nothing_kept_means_nothing_found(tmp_path):
    assert executed.load(lesson(tmp_path), tmp_path / "kept") is None
