"""How fast a class is autograded: apilab.grading against plain execution and nbgrader's serial CLI.

Builds a temp course with 20 submissions of 01-flask-api (the reference answer
in the released notebook), then measures:

  plain      executing one submission with nbclient, no grading (median of 3)
  cli        `nbgrader autograde 01-flask-api` over the class: nbgrader's own serial command
  cli/each   `nbgrader autograde 01-flask-api --student ID`, one command per learner (3 of them)
  serial     apilab.grading.autograde_class(jobs=1): one process, nbgrader's start-up paid once
  parallel   apilab.grading.autograde_class(): one process per CPU

and prints time per submission / plain execution time (target: 1.2 or less for
the serial run) and the speed-up over the CLI. Not a test: numbers depend on
the machine; the ratios are what to compare.

    .venv/bin/python benchmarks/autograde_class.py [--submissions 20] [--assignment 01-flask-api]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from apilab import grading  # noqa: E402


def build_course(base: Path, assignment: str, submissions: int) -> Path:
    """A course copy with ``assignment`` generated and ``submissions`` correct submissions under submitted/."""
    course = base / "course"
    course.mkdir()
    shutil.copy2(REPO_ROOT / "nbgrader_config.py", course)
    shutil.copytree(REPO_ROOT / "solutions" / assignment, course / "solutions" / assignment,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    api = grading.make_api(grading.load_course_config(course, course_overrides(course)))
    result = api.generate_assignment(assignment)
    if not result["success"]:
        raise SystemExit(f"generate_assignment failed:\n{result.get('error')}")
    source = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    answers = {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in source.cells
               if cell.get("metadata", {}).get("nbgrader", {}).get("solution")}
    released = course / "exercises" / assignment
    for number in range(1, submissions + 1):
        folder = course / "submitted" / f"learner_{number:02d}" / assignment
        shutil.copytree(released, folder)
        path = folder / f"{assignment}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell.source = answers[grade_id]
        nbformat.write(notebook, path)
        (folder / "timestamp.txt").write_text("2026-01-15 10:00:00.000000 UTC")
    return course


def course_overrides(course: Path) -> dict:
    """Keep the benchmark's gradebook and exchange inside its temp course."""
    return {"CourseDirectory": {"db_url": f"sqlite:///{course / 'gradebook.db'}"},
            "Exchange": {"root": str(course / "exchange")},
            "NbGraderAPI": {"log_level": "ERROR"}}


def plain_execution(course: Path, assignment: str, runs: int = 3) -> float:
    """Median seconds to execute one submission with nbclient, in its folder, no grading."""
    from nbclient import NotebookClient

    folder = next((course / "submitted").iterdir()) / assignment
    times = []
    for _ in range(runs):
        notebook = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
        started = time.perf_counter()
        NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(folder)}}).execute()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cli_autograde(course: Path, assignment: str, student: str | None = None) -> float:
    """Seconds for nbgrader's own serial `nbgrader autograde ASSIGNMENT [--student ID]`."""
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               NBGRADER_DB_URL=f"sqlite:///{course / 'gradebook.db'}", NBGRADER_EXCHANGE_ROOT=str(course / "exchange"))
    command = [str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment, "--force"]
    if student:
        command += ["--student", student]
    started = time.perf_counter()
    subprocess.run(command, cwd=course, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def timed_class(course: Path, assignment: str, jobs: int | None) -> tuple[float, list]:
    started = time.perf_counter()
    graded = grading.autograde_class(assignment, jobs=jobs, course_root=course, config=course_overrides(course))
    return time.perf_counter() - started, graded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--assignment", default="01-flask-api")
    options = parser.parse_args(argv)
    count = options.submissions
    with tempfile.TemporaryDirectory(prefix="autograde-bench-") as tmp:
        course = build_course(Path(tmp), options.assignment, count)
        plain = plain_execution(course, options.assignment)
        cli = cli_autograde(course, options.assignment)
        learners = sorted(path.name for path in (course / "submitted").iterdir())[:3]
        cli_each = statistics.median(cli_autograde(course, options.assignment, learner) for learner in learners)
        serial, graded = timed_class(course, options.assignment, jobs=1)
        parallel, graded_parallel = timed_class(course, options.assignment, jobs=None)
        scores = {g.score for g in graded + graded_parallel}
        flagged = sum(g.flagged for g in graded + graded_parallel)
    cpus = os.cpu_count() or 1
    print(f"{count} submissions of {options.assignment} on {cpus} CPUs; every score {sorted(scores)}, "
          f"{flagged} flagged")
    print(f"plain execution of one submission (nbclient):   {plain:6.2f} s")
    print(f"nbgrader autograde (CLI, serial):  {cli:7.1f} s total  {cli / count:6.2f} s/submission  "
          f"{cli / count / plain:5.2f}x plain")
    print(f"nbgrader autograde --student (CLI): {cli_each:6.2f} s per command, one learner each     "
          f"{cli_each / plain:5.2f}x plain")
    print(f"apilab grade-class --jobs 1:       {serial:7.1f} s total  {serial / count:6.2f} s/submission  "
          f"{serial / count / plain:5.2f}x plain  (target <= 1.2x)")
    print(f"apilab grade-class (jobs={cpus}):       {parallel:7.1f} s total  {parallel / count:6.2f} s/submission  "
          f"{parallel / count / plain:5.2f}x plain")
    print(f"speed-up over nbgrader's serial CLI for the class: {cli / serial:4.2f}x with one process, "
          f"{cli / parallel:4.2f}x with {cpus}")
    print(f"speed-up over one CLI command per learner: {cli_each * count / serial:4.2f}x with one process, "
          f"{cli_each * count / parallel:4.2f}x with {cpus}")
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f}; other work on the machine skews every number)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
