"""Find a lesson's practice items by their cells, and run each check again after its model answer.

An item is a cell tagged ``self-check`` with the id ``<prefix>-check``, the learner's cell
``<prefix>-answer`` before it, and the model answer: the first cell after the check tagged
``answer`` (source-hidden). See ``apilab.lessons.practice``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

SELF_CHECK = "self-check"
MODEL_TAG = "answer"
AFTER_MODEL = "self-check-after-model"


@dataclass(frozen=True)
class PracticeItem:
    prefix: str
    model_id: str | None

    @property
    def answer_id(self) -> str:
        return f"{self.prefix}-answer"

    @property
    def check_id(self) -> str:
        return f"{self.prefix}-check"

    @property
    def model_check_id(self) -> str:
        return f"{self.prefix}-check-after-model"


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def practice_items(notebook) -> list[PracticeItem]:
    """One item per cell tagged ``self-check`` whose id ends in ``-check``, in the lesson's order."""
    items = []
    for number, cell in enumerate(notebook.cells):
        if SELF_CHECK in tags(cell) and cell.get("id", "").endswith("-check"):
            model = next((later.get("id") for later in notebook.cells[number + 1:] if MODEL_TAG in tags(later)), None)
            items.append(PracticeItem(cell["id"].removesuffix("-check"), model))
    return items


def add_model_checks(notebook) -> None:
    """After each item's model answer, add a copy of its check cell (so one run checks both states)."""
    cells = {cell.get("id"): cell for cell in notebook.cells}
    for item in practice_items(notebook):
        if item.model_id is None:
            continue
        again = copy.deepcopy(cells[item.check_id])
        again["id"] = item.model_check_id
        again["metadata"]["tags"] = [AFTER_MODEL]
        notebook.cells.insert(notebook.cells.index(cells[item.model_id]) + 1, again)


def remove_model_checks(notebook):
    """A copy of ``notebook`` without the cells ``add_model_checks`` added."""
    kept = copy.deepcopy(notebook)
    kept.cells = [cell for cell in kept.cells if AFTER_MODEL not in tags(cell)]
    return kept
