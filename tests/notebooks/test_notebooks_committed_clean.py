"""Notebooks are source: committed without outputs or execution counts, every cell with an id."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("notebooks", "solutions", "exercises")


def committed_notebooks() -> list[Path]:
    return sorted(
        path for folder in FOLDERS for path in (REPO_ROOT / folder).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in path.parts
    )


@pytest.mark.parametrize("path", committed_notebooks(), ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_notebook_has_no_outputs_and_every_cell_has_an_id(path):
    notebook = nbformat.read(path, as_version=4)
    problems = []
    for index, cell in enumerate(notebook.cells):
        if not cell.get("id"):
            problems.append(f"cell {index} has no id")
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            problems.append(f"cell {index} has outputs or an execution count")
    assert not problems, (
        f"{path.relative_to(REPO_ROOT)}: " + "; ".join(problems)
        + " (strip it with: .venv/bin/nbstripout --keep-id FILE)"
    )
