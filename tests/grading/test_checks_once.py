"""While grading with verification, the cells the feedback hides check once, from outside (checks_once)."""

from __future__ import annotations

import warnings

import nbformat
import pytest
from course_paths import REPO_ROOT

from apilab.exercises import EXERCISES
from apilab.grading.checks_once import cells_checked_outside


def notebook(folder: str, assignment: str):
    return nbformat.read(REPO_ROOT / folder / assignment / f"{assignment}.ipynb", as_version=4)


@pytest.mark.parametrize("assignment", ["01-flask-api", "02-drf-api", "04-auth-production", "06-api-features"])
def test_every_test_cell_with_hidden_tests_is_checked_outside(assignment):
    source = notebook("solutions", assignment)
    hidden = [cell.metadata["nbgrader"]["grade_id"] for cell in source.cells
              if cell.cell_type == "code" and "BEGIN HIDDEN TESTS" in cell.source]
    assert hidden and cells_checked_outside(source, EXERCISES[assignment]) == tuple(hidden)


def test_exercise_1_lists_each_of_its_test_cells():
    assert cells_checked_outside(notebook("solutions", "01-flask-api"), EXERCISES["01-flask-api"]) == (
        "check_list_create", "check_validation", "check_retrieve", "check_replace_update", "check_delete",
        "check_errors", "check_fresh_stores")


def test_cells_without_hidden_tests_and_exercise_3_check_in_the_kernel():
    """Their outputs are the feedback (05's cells have no hidden tests); 03's test cells do not use CellChecks."""
    assert cells_checked_outside(notebook("solutions", "05-api-tests"), EXERCISES["05-api-tests"]) == ()
    assert cells_checked_outside(notebook("solutions", "03-scaling"), EXERCISES["03-scaling"]) == ()
    assert cells_checked_outside(notebook("exercises", "01-flask-api"), EXERCISES["01-flask-api"]) == ()
    assert cells_checked_outside(notebook("solutions", "01-flask-api"), None) == ()


class SourceCells:
    """A gradebook's source cells, as nbgrader's Gradebook.find_source_cell gives them."""

    def __init__(self, sources: dict[str, str]):
        self.sources = sources

    def find_source_cell(self, name, notebook, assignment):
        from types import SimpleNamespace

        from nbgrader.api import MissingEntry

        if name not in self.sources:
            raise MissingEntry()
        return SimpleNamespace(source=self.sources[name])


def test_the_grader_reads_the_same_cells_in_the_gradebook():
    from apilab.grading.checks_once import gradebook_cells_checked_outside

    source = notebook("solutions", "01-flask-api")
    cells = {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in source.cells
             if cell.metadata.get("nbgrader", {}).get("grade")}
    exercise = EXERCISES["01-flask-api"]
    assert gradebook_cells_checked_outside(SourceCells(cells), "01-flask-api", exercise) == \
        cells_checked_outside(source, exercise)
    cells.pop("check_delete")  # a cell the gradebook lacks is not listed
    cells["check_errors"] = "_cell.check(create_app)\n_cell.points()"  # nor one without hidden tests
    listed = gradebook_cells_checked_outside(SourceCells(cells), "01-flask-api", exercise)
    assert "check_delete" not in listed and "check_errors" not in listed and "check_list_create" in listed
    assert gradebook_cells_checked_outside(SourceCells(cells), "03-scaling", EXERCISES["03-scaling"]) == ()


def test_checks_the_app_never_answered_are_flagged():
    from apilab.grading.autograde import unanswered
    from apilab.grading.verify import Verification

    silent = {"cell": "a", "group": "list", "check": "x", "passed": False,
              "message": "GET /api/products/: expected 200; got no response (no answer within 5 s)"}
    failed = {**silent, "message": "GET /api/products/: expected 200; got 404 Not Found"}
    assert unanswered(Verification(checks=[failed, {**failed, "passed": True}])) == []
    [flag] = unanswered(Verification(checks=[silent, silent, failed]))
    assert "2 check(s) got no response from the app" in flag


def test_a_failed_grading_keeps_none_of_the_points_the_notebook_reported(tmp_path):
    """nbgrader saves each cell's reported score as it goes; failing on a later cell must not leave them."""
    from nbgrader.api import Gradebook

    from apilab.grading.autograde import _keep_in_gradebook

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"

    class Api:  # as NbGraderAPI: a new Gradebook each time, closed after its block
        gradebook = property(lambda self: Gradebook(url))

    with Gradebook(url) as gradebook, warnings.catch_warnings():
        # nbgrader 0.9.6's add_submission, under SQLAlchemy 2, warns of its own autoflush.
        warnings.filterwarnings("ignore", r"Object of type <Submitted\w+> not in session")
        gradebook.add_assignment("a")
        gradebook.add_notebook("a", "a")
        for name in ("c1", "c2"):
            gradebook.add_grade_cell(name, "a", "a", max_score=4, cell_type="code")
        gradebook.add_student("s")
        gradebook.add_submission("a", "s")
        gradebook.find_grade("c1", "a", "a", "s").auto_score = 4.0  # saved before nbgrader failed on c2
        gradebook.db.commit()
    _keep_in_gradebook(Api(), "a", "s")
    with Gradebook(url) as gradebook:
        assert gradebook.find_submission("a", "s").score == 0
