"""What verified, sandboxed grading costs: a class graded with verification and sandbox ÷ without.

Builds a temp course with 20 submissions of 01-flask-api (the reference answer
in the released notebook), then measures, side by side in one run:

  plain      executing one submission with nbclient, no grading (median of 3)
  without    apilab.grading.autograde_class(verify=False, sandbox=False): nbgrader's autograde alone
  sandbox    apilab.grading.autograde_class(verify=False): kernels in the bubblewrap sandbox only
             (its allow-list, a scratch copy, and the limits: rlimits, control groups where the
             machine allows, tmpfs sizes)
  with       apilab.grading.autograde_class(): kernels in the bubblewrap sandbox, and every
             contract-graded cell checked again from outside the learner's process (in a sandbox too)

and prints with ÷ without (target: 1.3 or less), and sandbox ÷ without (what the sandbox
alone costs). All use one process per CPU. Each way is graded ``--rounds`` times (3), the
ways taking turns, and the median of each is compared: on a shared or virtual machine one
class's time varies by 10 % or more from run to run.
Not a test: numbers depend on the machine and its load; the ratio is what to compare.

    .venv/bin/python benchmarks/autograde_class.py [--submissions 20] [--assignment 01-flask-api] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
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


def timed_class(course: Path, assignment: str, verify: bool, sandbox: bool) -> tuple[float, list]:
    """Seconds to grade the class, with or without verification and sandbox; and the results."""
    started = time.perf_counter()
    graded = grading.autograde_class(assignment, course_root=course, config=course_overrides(course),
                                     verify=verify, sandbox=sandbox)
    return time.perf_counter() - started, graded


MODES = (  # (name, verify, sandbox)
    ("without verification and sandbox", False, False),
    ("in the sandbox, not verified", False, True),
    ("with verification and sandbox", True, True),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--assignment", default="01-flask-api")
    parser.add_argument("--rounds", type=int, default=3, help="times each way is graded, taking turns (median kept)")
    options = parser.parse_args(argv)
    count = options.submissions
    from apilab.grading.sandbox import sandbox_problem

    seconds: dict[str, list[float]] = {name: [] for name, _, _ in MODES}
    graded: dict[str, list] = {}
    with tempfile.TemporaryDirectory(prefix="autograde-bench-") as tmp:
        course = build_course(Path(tmp), options.assignment, count)
        plain = plain_execution(course, options.assignment)
        for _ in range(options.rounds):  # the ways take turns, so a slow spell of the machine hits each alike
            for name, verify, sandbox in MODES:
                took, graded[name] = timed_class(course, options.assignment, verify=verify, sandbox=sandbox)
                seconds[name].append(took)
    cpus = os.cpu_count() or 1
    for name, _, _ in MODES:
        scores = sorted({g.score for g in graded[name]})
        print(f"{name}: every score {scores}, {sum(g.flagged for g in graded[name])} flagged")
    from apilab.grading.limits import in_force

    print(f"{count} submissions of {options.assignment}, one process per CPU ({cpus}); "
          f"sandbox: {sandbox_problem() or 'bubblewrap'}; each way graded {options.rounds} times, taking turns")
    print(f"limits in the sandbox: {in_force()}")
    print(f"plain execution of one submission (nbclient): {plain:6.2f} s")
    median = {name: statistics.median(times) for name, times in seconds.items()}
    for name, _, _ in MODES:
        runs = ", ".join(f"{took:.1f}" for took in seconds[name])
        print(f"graded {name + ':':<36} median {median[name]:6.1f} s total  {median[name] / count:5.2f} s/submission"
              f"  (runs: {runs} s)")
    without, sandboxed, checked = (median[name] for name, _, _ in MODES)
    print(f"with / without: {checked / without:4.2f}x  (target <= 1.3x; medians)")
    print(f"sandbox only / without: {sandboxed / without:4.2f}x;  verification on top of the sandbox: "
          f"{checked / sandboxed:4.2f}x")
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f}; other work on the machine skews every number)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
