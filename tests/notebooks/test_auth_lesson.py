"""The Authentication-And-Permissions lesson's builds pass Part B of the contract, and refuse as they should."""

from __future__ import annotations

import pytest
from lesson_outputs import contract_problem, displayed_text, lesson_named

LESSON = lesson_named("Authentication-And-Permissions")
PART_B_CELLS = ["auth-drf-part-b", "auth-flask-part-b", "auth-flask-object-part-b"]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_both_builds_pass_part_b_and_the_object_rule_answers_403(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, f"{lesson} stopped with an error:\n{run.error}"
    cells = {cell.get("id"): cell for cell in run.notebook.cells}
    problems = {name: contract_problem(cells[name], "B") for name in PART_B_CELLS}
    assert not any(problems.values()), problems
    for rule in ("auth-drf-object-rule", "auth-flask-object-rule"):
        shown = displayed_text(cells[rule])
        assert ("'clerk deletes a product in stock': 403" in shown
                and "'clerk deletes a product out of stock': 204" in shown
                and "'staff deletes a product in stock': 204" in shown), shown
