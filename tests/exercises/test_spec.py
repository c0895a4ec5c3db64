"""Each exercise's spec: its graded cells are the notebook's, with their points, and score one way everywhere."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from apilab.contract.report import CheckResult
from apilab.exercises import EXERCISES, GradedCell, exercise

REPO_ROOT = Path(__file__).resolve().parents[2]


def auto_graded_cells(assignment: str) -> dict:
    """{grade id: cell} of the solution notebook's test cells (code cells graded automatically)."""
    notebook = nbformat.read(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in notebook.cells
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")}


def test_every_assignment_of_the_course_has_an_exercise():
    assignments = sorted(folder.name for folder in (REPO_ROOT / "solutions").iterdir() if folder.is_dir())
    assert sorted(EXERCISES) == assignments


@pytest.mark.parametrize("assignment", sorted(EXERCISES))
def test_the_spec_is_the_notebooks_test_cells(assignment):
    """Same grade ids in the same order, same points, and each cell's first line says what the spec says."""
    spec = EXERCISES[assignment]
    cells = auto_graded_cells(assignment)
    assert list(cells) == [cell.grade_id for cell in spec.cells]
    for cell in spec.cells:
        notebook_cell = cells[cell.grade_id]
        assert notebook_cell.metadata["nbgrader"]["points"] == cell.points, cell.grade_id
        first = notebook_cell.source.splitlines()[0]
        unit = "point" if cell.points == 1 else "points"
        assert first.startswith(f"# {cell.grade_id}: "), first
        assert cell.checks in first and first.endswith(f"({cell.points:g} {unit}, {cell.rule})"), first
        assert "from apilab.exercises" in notebook_cell.source, f"{cell.grade_id} does not run apilab.exercises' checks"


def test_points_in_proportion_are_rounded_to_hundredths():
    cell = GradedCell("c", 4, "checks")
    results = [CheckResult("g", str(n), n != 0) for n in range(3)]
    assert cell.earned(results) == 2.67
    assert cell.earned([]) == 0.0


def test_points_all_or_nothing():
    cell = GradedCell("c", 2, "checks", all_or_nothing=True)
    assert cell.earned([CheckResult("g", "a", True), CheckResult("g", "b", False)]) == 0.0
    assert cell.earned([CheckResult("g", "a", True)]) == 2.0
    assert cell.rule == "all or nothing" and GradedCell("c", 1, "x").rule == "in proportion to the checks passed"


def test_an_unknown_exercise_or_cell_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown exercise '05-nothing'; choose from 01-flask-api"):
        exercise("05-nothing")
    with pytest.raises(ValueError, match="no graded cell 'check_everything' in '01-flask-api'; its cells are"):
        EXERCISES["01-flask-api"].cell("check_everything")


def test_one_exercise_loads_only_its_own_module():
    """A verification process asks for one exercise: it imports that exercise's checks, not the other five's."""
    import subprocess
    import sys

    shown = subprocess.run(
        [sys.executable, "-c", "import sys; from apilab.exercises import exercise; "
                               "print(exercise('01-flask-api').assignment); "
                               "print(sorted(name for name in sys.modules if name.startswith('apilab.exercises.')))"],
        capture_output=True, text=True, timeout=120, check=True).stdout.splitlines()
    assert shown[0] == "01-flask-api"
    loaded = shown[1]
    assert "apilab.exercises.products_api" in loaded
    for other in ("scaling", "auth_production", "api_tests", "api_features"):
        assert f"apilab.exercises.{other}'" not in loaded, f"{other} was imported for exercise 1: {loaded}"


def test_the_registry_lists_every_exercise_as_exercise_gives_it():
    assert list(EXERCISES) == ["01-flask-api", "02-drf-api", "03-scaling", "04-auth-production", "05-api-tests",
                               "06-api-features"]
    assert all(exercise(assignment) is spec and spec.assignment == assignment
               for assignment, spec in EXERCISES.items())
