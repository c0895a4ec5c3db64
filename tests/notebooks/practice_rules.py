"""What a lesson's practice items must look like, as phrases naming each problem (shared by the tests)."""

from __future__ import annotations

import re

from apilab.lessons.practice.items import MODEL_TAG, practice_items

PRACTICE_HEADING = re.compile(r"^###+ Practice", re.MULTILINE)
LEAST_ITEMS = 2


def item_problems(notebook) -> list[str]:
    """Problems with the practice items of one lesson (an empty list when they have the course's shape)."""
    cells = notebook.cells
    index = {cell.get("id"): number for number, cell in enumerate(cells)}
    items = practice_items(notebook)
    problems = [] if len(items) >= LEAST_ITEMS else [f"{len(items)} practice items, at least {LEAST_ITEMS} needed"]
    previous_end = 0
    for item in items:
        where = [index.get(item.answer_id), index.get(item.check_id), index.get(item.model_id)]
        if None in where:
            problems.append(f"{item.prefix}: needs a cell {item.answer_id} before {item.check_id}, and a model "
                            f"answer after it (a cell tagged '{MODEL_TAG}')")
            continue
        answer, check, model = where
        if not answer < check:
            problems.append(f"{item.prefix}: the answer cell must come before its check")
        task = [cell for cell in cells[previous_end:answer] if cell.cell_type == "markdown"
                and PRACTICE_HEADING.search(cell.source)]
        if not task:
            problems.append(f"{item.prefix}: no '### Practice: …' task before its answer cell")
        model_cell = cells[model]
        if MODEL_TAG not in model_cell.metadata.get("tags", []) or not model_cell.metadata.get(
                "jupyter", {}).get("source_hidden"):
            problems.append(f"{item.prefix}: the model answer must be tagged '{MODEL_TAG}' and collapsed")
        if "apilab.lessons.practice." not in cells[check].source:
            problems.append(f"{item.prefix}: the check cell must call a check of apilab.lessons.practice")
        if cells[answer].cell_type != "code" or cells[answer].source.strip() == cells[model].source.strip():
            problems.append(f"{item.prefix}: the answer cell must be a template, not the model answer")
        previous_end = model + 1
    return problems


def model_lines(source: str) -> list[str]:
    """The model answer's distinctive lines: code a check must never print."""
    return [line.strip() for line in source.splitlines()
            if len(line.strip()) >= 25 and not line.strip().startswith(("#", "import ", "from "))]
