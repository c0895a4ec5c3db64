"""An instructor's term on a fresh clone, with only the teaching guide's commands, leaves git status clean.

A committed copy of the course stands in for the instructor's fresh clone. The
commands are those of site/teaching.md, run as a terminal runs them (the
venv's programs on PATH, in the course folder): the roster, generate and
release, a learner's fetch and submit, collect, grade-class, class-report,
feedback generated and released, and grades exported as nbgrader's CSV and in
Canvas's and Moodle's import formats. Each step succeeds, the exports name the
learner from the roster with their score, and nothing the term wrote shows in
``git status``.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from course_copy import committed_copy, git_status
from grading_support import answer_with_the_model

pytestmark = pytest.mark.slow

ASSIGNMENT = "01-flask-api"
GUIDE = Path(__file__).resolve().parents[2] / "site" / "teaching.md"


def guide_commands() -> list[str]:
    """The command lines of the teaching guide's bash blocks (comments cut), in order."""
    blocks = re.findall(r"```bash\n(.*?)```", GUIDE.read_text(), flags=re.S)
    lines = [line.split("  #", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def run(course: Path, home: Path, line: str) -> str:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("NBGRADER_", "APILAB_", "JUPYTER")) and key != "PYTHONPATH"}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", PYTHONPATH=str(course / "src"),
               JUPYTER_DATA_DIR=str(home / "data"), JUPYTER_CONFIG_DIR=str(home / "config"), HOME=str(home))
    done = subprocess.run(line, shell=True, cwd=course, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"`{line}` failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


@pytest.mark.timeout(1200)
def test_the_teaching_guides_term_on_a_fresh_clone(tmp_path):
    course = committed_copy(tmp_path / "course")
    home = tmp_path / "home"
    home.mkdir()
    wanted = {
        "roster": "nbgrader db student add alice --last-name=Liddell --first-name=Alice",
        "generate": f"nbgrader generate_assignment {ASSIGNMENT} --force",
        "release": f"nbgrader release_assignment {ASSIGNMENT}",
        "collect": f"nbgrader collect {ASSIGNMENT}",
        "grade": f"apilab grade-class {ASSIGNMENT}",
        "report": f"apilab class-report {ASSIGNMENT}",
        "feedback": f"nbgrader generate_feedback {ASSIGNMENT}",
        "return": f"nbgrader release_feedback {ASSIGNMENT}",
        "csv": "nbgrader export --to grades.csv",
        "canvas": "nbgrader export --exporter=apilab.grading.lms_export.CanvasCsvExport --to canvas-grades.csv",
        "moodle": "nbgrader export --exporter=apilab.grading.lms_export.MoodleCsvExport --to moodle-grades.csv",
    }
    assert set(wanted.values()) <= set(guide_commands()), "the teaching guide no longer gives these commands"

    for step in ("roster", "generate", "release"):
        run(course, home, wanted[step])
    assert git_status(course) == "", "releasing changed the checkout"
    # The learner, on their side of the exchange.
    run(course, home, f"nbgrader fetch_assignment {ASSIGNMENT} --course flask-vs-django")
    answer_with_the_model(course / "my-work" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", ASSIGNMENT)
    run(course, home, f"nbgrader submit {ASSIGNMENT} --course flask-vs-django --CourseDirectory.student_id=alice")

    for step in ("collect", "grade", "report", "feedback", "return", "csv", "canvas", "moodle"):
        said = run(course, home, wanted[step])
        if step == "grade":
            assert re.search(r"alice\s+20 / 20", said), said
    with open(course / "grades.csv", newline="") as exported:
        [row] = [row for row in csv.DictReader(exported) if row["assignment"] == ASSIGNMENT]
    assert (row["student_id"], row["first_name"], row["last_name"], float(row["score"])) == \
        ("alice", "Alice", "Liddell", 20.0)
    for name in ("canvas-grades.csv", "moodle-grades.csv"):
        text = (course / name).read_text()
        assert "Liddell" in text and "20" in text, f"{name}:\n{text}"
    assert list(course.glob("class-report-*.png")), "class-report saved no plot"
    assert git_status(course) == "", "the term left files git would pick up"
