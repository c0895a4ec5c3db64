"""exercises/ is exactly what nbgrader generates from solutions/, and nbgrader validates both as it should.

The regeneration goes into a temp folder, never in place: a learner's or an
author's working copy is never touched by the tests.
"""

from __future__ import annotations

import filecmp

import nbformat
import pytest
from grading_support import REPO_ROOT, copy_course, course_assignments

from apilab import grading

pytestmark = pytest.mark.slow


def comparable(path):
    """A notebook as data, outputs and execution counts dropped (they are never committed)."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return notebook


def files_under(folder):
    """Relative paths of the files under ``folder``, caches left out."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """Every assignment of solutions/ generated afresh by nbgrader, in a temp course."""
    course = copy_course(tmp_path_factory.mktemp("regenerate") / "course")
    config = grading.load_course_config(course, {
        "CourseDirectory": {"db_url": f"sqlite:///{course / 'gradebook.db'}"},
        "Exchange": {"root": str(course / "exchange")},
        "NbGraderAPI": {"log_level": "ERROR"},
    })
    api = grading.make_api(config)
    for assignment in course_assignments():
        result = api.generate_assignment(assignment)
        assert result["success"], f"generate_assignment {assignment}: {result.get('error')}"
    return course / "exercises", config


def test_exercises_are_what_nbgrader_generates(regenerated):
    """The committed exercises/ equals a fresh `nbgrader generate_assignment` of every assignment."""
    fresh, _ = regenerated
    committed = REPO_ROOT / "exercises"
    regenerate = "regenerate with: nbgrader generate_assignment ASSIGNMENT --force; nbstripout --keep-id"
    assert files_under(committed) == files_under(fresh), f"exercises/ has other files than generated; {regenerate}"
    for name in files_under(fresh):
        if name.endswith(".ipynb"):
            assert comparable(committed / name) == comparable(fresh / name), f"exercises/{name} drifted; {regenerate}"
        else:
            assert filecmp.cmp(committed / name, fresh / name, shallow=False), f"exercises/{name} drifted; {regenerate}"


@pytest.mark.parametrize("assignment", course_assignments())
def test_validate_passes_on_the_solution(regenerated, assignment):
    """nbgrader validate runs the solution notebook and every test passes."""
    from nbgrader.validator import Validator

    _, config = regenerated
    results = Validator(config=config).validate(str(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb"))
    failed = [entry.get("error", "")[-500:] for entry in results.get("failed", [])]
    assert not failed and not results.get("type_changed"), f"{assignment} solution fails validation: {failed}"


@pytest.mark.parametrize("assignment", course_assignments())
def test_validate_fails_on_the_blank_exercise(regenerated, assignment):
    """nbgrader validate fails on the released exercise as a learner first gets it."""
    from nbgrader.validator import Validator

    fresh, config = regenerated
    results = Validator(config=config).validate(str(fresh / assignment / f"{assignment}.ipynb"))
    assert results.get("failed"), f"the blank {assignment} exercise passes validation: {results}"


def test_validate_names_the_cause_of_a_create_answering_200_in_two_short_lines(regenerated, tmp_path):
    """An exercise 1 answer whose POST answers 200: Validate says so in at most 2 lines, with no unrelated hint."""
    from grading_support import solution_with
    from nbgrader.validator import Validator
    from sample_answers import with_edit
    from sample_answers.flask_api import FLASK_API

    _, config = regenerated
    answer = with_edit(FLASK_API, old="return jsonify(product), 201", new="return jsonify(product)")
    notebook = solution_with(tmp_path, "01-flask-api", {"create_app": answer})
    results = Validator(config=config).validate(str(notebook))
    (failed,) = results.get("failed", [])   # only the cell that checks POST loses points
    nbgrader_line, *shown = failed["error"].strip().splitlines()
    assert nbgrader_line.startswith("Partial credit")
    assert 1 <= len(shown) <= 2 and all(len(line) <= 160 for line in shown), shown
    assert any("POST /api/products/ answered 200; the contract says 201" in line for line in shown), shown
    assert not any("hint" in line for line in shown), shown
