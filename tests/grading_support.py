"""The grading tests' course copies and sample submissions (tests/grading/samples/)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_ROOT = Path(__file__).resolve().parent / "grading" / "samples"
VENV_BIN = str(Path(sys.executable).parent)
STUDENT_ID = re.compile(r"[a-z0-9_]+")


def course_assignments() -> list[str]:
    """The assignments the course defines: folders of solutions/ holding a notebook of the same name."""
    return sorted(folder.name for folder in (REPO_ROOT / "solutions").iterdir()
                  if (folder / f"{folder.name}.ipynb").is_file())


@dataclass(frozen=True)
class Sample:
    """One sample submission, loaded from its module."""

    assignment: str
    student: str
    module: ModuleType

    @property
    def expected_score(self) -> float:
        return float(self.module.EXPECTED_SCORE)

    @property
    def expected_flag(self) -> str | None:
        return getattr(self.module, "EXPECTED_FLAG", None)

    @property
    def slow(self) -> bool:
        return bool(getattr(self.module, "SLOW", False))

    def __str__(self) -> str:
        return f"{self.assignment}/{self.student}"


def load_samples() -> list[Sample]:
    """Every sample submission under samples/, in assignment and student order."""
    samples = []
    for path in sorted(SAMPLES_ROOT.glob("*/*.py")):
        assignment, student = path.parent.name, path.stem
        assert STUDENT_ID.fullmatch(student), f"sample {path}: student ids are lowercase letters, digits, _"
        spec = importlib.util.spec_from_file_location(f"grading_sample_{assignment}_{student}".replace("-", "_"),
                                                      path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name in ("DESCRIPTION", "EXPECTED_SCORE", "ANSWERS"):
            assert hasattr(module, name), f"sample {path} has no {name}"
        samples.append(Sample(assignment, student, module))
    return samples


SAMPLES = load_samples()


def copy_course(target: Path) -> Path:
    """Copy what nbgrader needs of the course (config and solutions/) into ``target``; return it."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO_ROOT / "nbgrader_config.py", target / "nbgrader_config.py")
    shutil.copytree(REPO_ROOT / "solutions", target / "solutions",
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc"))
    return target


def solution_with(tmp_path: Path, assignment: str, answers: dict) -> Path:
    """The solution notebook of ``assignment`` with ``answers`` ({grade_id: source}) in its cells, in tmp_path."""
    import nbformat

    notebook = nbformat.read(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    path = tmp_path / f"{assignment}.ipynb"
    nbformat.write(notebook, path)
    return path


def answer_with_the_model(notebook_path: Path, assignment: str) -> None:
    """Put the model answer's solution cells into a learner's fetched notebook, as a learner who typed them."""
    import nbformat

    model = nbformat.read(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    answers = {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in model.cells
               if cell.metadata.get("nbgrader", {}).get("solution")}
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and cell.metadata["nbgrader"].get("solution"):
            cell.source = answers[grade_id]
    nbformat.write(notebook, notebook_path)
