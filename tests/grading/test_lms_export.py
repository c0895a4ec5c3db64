"""Grades exported for Canvas and Moodle: one row per learner, names from the roster, no formula run."""

from __future__ import annotations

import csv
import subprocess
import sys
import warnings

import pytest
from nbgrader.api import Gradebook

from apilab.grading.lms_export import CanvasCsvExport, MoodleCsvExport


@pytest.fixture
def gradebook_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url) as gradebook, warnings.catch_warnings():
        # nbgrader 0.9.6's add_submission, under SQLAlchemy 2, warns of its own autoflush.
        warnings.filterwarnings("ignore", r"Object of type <Submitted\w+> not in session")
        for assignment, points in (("01-flask-api", 20), ("05-api-tests", 10)):
            gradebook.add_assignment(assignment)
            gradebook.add_notebook(assignment, assignment)
            gradebook.add_grade_cell("cell", assignment, assignment, max_score=points, cell_type="code")
        gradebook.add_student("ada", first_name="Ada", last_name="Lovelace, Countess", email="ada@example.org",
                              lms_user_id="4711")
        gradebook.add_student("mallory", first_name="=HYPERLINK(\"http://example.org\")", last_name="-2+3")
        gradebook.add_student("bo")
        gradebook.add_submission("01-flask-api", "ada")
        gradebook.find_grade("cell", "01-flask-api", "01-flask-api", "ada").auto_score = 18.666
        gradebook.add_submission("01-flask-api", "mallory")
        gradebook.find_grade("cell", "01-flask-api", "01-flask-api", "mallory").auto_score = 0
        gradebook.db.commit()
    return url


def _rows(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def test_canvas_gets_its_columns_points_possible_and_empty_cells_where_nothing_was_submitted(gradebook_url, tmp_path):
    with Gradebook(gradebook_url) as gradebook:
        CanvasCsvExport(to=str(tmp_path / "canvas.csv")).export(gradebook)
    assert _rows(tmp_path / "canvas.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01-flask-api", "05-api-tests"],
        ["Points Possible", "", "", "", "", "20", "10"],
        ["Lovelace, Countess, Ada", "4711", "", "ada", "", "18.67", ""],
        ["bo", "", "", "bo", "", "", ""],
        ["'-2+3, =HYPERLINK(\"http://example.org\")", "", "", "mallory", "", "0", ""],
    ]


def test_moodle_gets_username_email_and_names_and_a_formula_is_written_as_text(gradebook_url, tmp_path):
    with Gradebook(gradebook_url) as gradebook:
        MoodleCsvExport(to=str(tmp_path / "moodle.csv"), assignment=["01-flask-api"]).export(gradebook)
    assert _rows(tmp_path / "moodle.csv") == [
        ["Username", "Email address", "First name", "Last name", "01-flask-api"],
        ["ada", "ada@example.org", "Ada", "Lovelace, Countess", "18.67"],
        ["bo", "", "", "", ""],
        ["mallory", "", "'=HYPERLINK(\"http://example.org\")", "'-2+3", "0"],
    ]


@pytest.mark.parametrize("exporter", ["CanvasCsvExport", "MoodleCsvExport"])
def test_nbgraders_export_command_takes_each_exporter(gradebook_url, tmp_path, exporter):
    destination = tmp_path / f"{exporter}.csv"
    command = [sys.executable, "-m", "nbgrader", "export", f"--exporter=apilab.grading.lms_export.{exporter}",
               f"--to={destination}", f"--CourseDirectory.db_url={gradebook_url}", f"--CourseDirectory.root={tmp_path}"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert [row[-2] for row in _rows(destination)][-3:] == ["18.67", "", "0"]
