"""What verified, sandboxed grading costs: a class graded with verification and sandbox ÷ without.

Builds a temp course with 20 submissions of 01-flask-api (the reference answer
in the released notebook), then measures, side by side in one run:

  plain      executing one submission with nbclient, no grading (median of 3), the cells grading runs: its
             test cells run their (visible) checks in the kernel. The kernel talks over ipc socket files, as
             the sandboxed kernels do; over TCP (nbclient's default) beside it
  plain, one per CPU   every submission executed so (each in a scratch copy of its folder), one process per
             CPU at once: what the machine gives for the notebooks alone when they share it as grading does
  without    apilab.grading.autograde_class(verify=False, sandbox=False): nbgrader's autograde alone
  sandbox    apilab.grading.autograde_class(verify=False): kernels in the bubblewrap sandbox only
             (its allow-list, a scratch copy, and the limits: rlimits, control groups where the
             machine allows, tmpfs sizes)
  twice      apilab.grading.autograde_class(checks_once=False): as "with", but the kernel also runs the
             checks of the cells with hidden tests, visible and hidden (how grading ran before checks_once)
  with       apilab.grading.autograde_class(): kernels in the bubblewrap sandbox, and every
             contract-graded cell checked from outside the learner's process (in a sandbox too), visible
             and hidden checks, once: the kernel leaves the checks of a cell with hidden tests to it
             (apilab.grading.checks_once)

and prints with ÷ without (target: 1.3 or less), sandbox ÷ without (what the sandbox
alone costs), and with ÷ the ideal, plain execution ÷ CPUs (target: 1.15 or less), twice ÷
the ideal and plain-one-per-CPU ÷ the ideal beside it (how far the machine itself is from
the ideal), the CPU-seconds of one verified submission by phase (kernel start, imports,
learner cells, checks, verification, the rest) and the minutes 1,000 submissions take.
All use one process per CPU.
Each way is graded ``--rounds`` times (3), the ways taking turns, and the median of each is
compared: on a shared or virtual machine one class's time varies by 10 % or more from run to run.
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
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from apilab.grading.iri_grammar import skip_iri_grammar  # noqa: E402

# Every process this benchmark spawns imports this module again (multiprocessing's spawn), before its task:
# as grading's own workers do, it leaves jsonschema's IRI grammar out before anything imports nbformat.
skip_iri_grammar()

import nbformat  # noqa: E402

from apilab import grading  # noqa: E402
from apilab.exercises import EXERCISES  # noqa: E402
from apilab.exercises.kernel import CHECKED_OUTSIDE  # noqa: E402
from apilab.grading.checks_once import cells_checked_outside  # noqa: E402


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


def execute_plainly(notebook, folder: Path | str, transport: str = "ipc") -> None:
    """Execute ``notebook`` with nbclient in ``folder``, no grading.

    Like for like: the kernel gets NBGRADER_EXECUTION=autograde, as nbgrader's autograde sets it, so the
    notebook runs exactly the cells grading runs (its whole-contract report is skipped then); and it talks
    over ZeroMQ ``ipc`` socket files, as the sandboxed kernels do. ``transport="tcp"`` is nbclient's default
    instead. Either way nbclient starts the kernel and shuts it down, as grading does. (Over TCP, a kernel's
    ports are picked free before it binds them: with two at once, a server the other one's notebook starts
    can take one first, and the kernel dies.)
    """
    from nbclient import NotebookClient
    from traitlets.config import Config

    sockets = None
    config = Config()
    if transport == "ipc":  # nbclient still makes, and shuts down, the kernel as it does over TCP
        sockets = tempfile.mkdtemp(prefix="apilab-plain-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
        config.KernelManager.update(transport="ipc", ip=os.path.join(sockets, "kernel-ipc"),
                                    connection_file=os.path.join(sockets, "kernel.json"))
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        NotebookClient(notebook, config=config, kernel_name="python3", timeout=120, allow_errors=True,
                       resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        del os.environ["NBGRADER_EXECUTION"]
        if sockets is not None:
            shutil.rmtree(sockets, ignore_errors=True)


def plain_execution(course: Path, assignment: str, runs: int = 3) -> tuple[float, float]:
    """Median seconds to execute one submission plainly (``execute_plainly``), in its folder: over ``ipc`` and
    over TCP, taking turns."""
    folder = next((course / "submitted").iterdir()) / assignment
    times: dict[str, list[float]] = {"ipc": [], "tcp": []}
    for _ in range(runs):
        for transport, taken in times.items():
            notebook = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
            started = time.perf_counter()
            execute_plainly(notebook, folder, transport)
            taken.append(time.perf_counter() - started)
    return statistics.median(times["ipc"]), statistics.median(times["tcp"])


def _execute_in_worker(folder: str, assignment: str) -> None:
    """A worker process's task: read the notebook in ``folder`` and execute it plainly."""
    execute_plainly(nbformat.read(Path(folder) / f"{assignment}.ipynb", as_version=4), folder)


def plain_one_per_cpu(course: Path, assignment: str, cpus: int) -> float:
    """Seconds per submission to execute every submission plainly, ``cpus`` processes at once, each in a scratch
    copy of its folder so nothing it leaves is graded. The processes start ("spawn") inside the timing, as the
    grading's workers do inside theirs."""
    folders = []
    for student in sorted((course / "submitted").iterdir()):
        copy = course / "plain-copies" / student.name
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(student / assignment, copy)
        folders.append(str(copy))
    started = time.perf_counter()
    with ProcessPoolExecutor(cpus, mp_context=get_context("spawn")) as pool:
        list(pool.map(_execute_in_worker, folders, [assignment] * len(folders)))
    return (time.perf_counter() - started) / len(folders)


def cpu_seconds() -> float:
    """CPU-seconds the whole machine has used so far (all CPUs, from /proc/stat), idle time left out.

    Counted machine-wide because sandboxed kernels and checks run in bubblewrap's own process namespace,
    whose processes a parent's resource usage of its children does not reliably include. So the machine
    must have no other work while this runs.
    """
    import psutil

    used = psutil.cpu_times()
    return used.user + used.nice + used.system + getattr(used, "irq", 0.0) + getattr(used, "softirq", 0.0)


def timed_class(course: Path, assignment: str, verify: bool, sandbox: bool,
                checks_once: bool = True) -> tuple[float, float, list]:
    """Seconds and CPU-seconds to grade the class, with or without verification and sandbox; and the results."""
    started, cpu = time.perf_counter(), cpu_seconds()
    graded = grading.autograde_class(assignment, course_root=course, config=course_overrides(course),
                                     verify=verify, sandbox=sandbox, checks_once=checks_once)
    return time.perf_counter() - started, cpu_seconds() - cpu, graded


def cell_phase(cell, first_code: bool) -> str:
    """Which phase of a submission's run a code cell belongs to."""
    marks = cell.get("metadata", {}).get("nbgrader", {})
    if marks.get("grade") and not marks.get("solution"):
        return "checks (the notebook's test cells)"
    if marks.get("solution"):
        return "learner cells (the answer)"
    return "imports (the first cell)" if first_code else "other cells of the notebook"


def phases(course: Path, assignment: str) -> dict[str, float]:
    """CPU-seconds of one verified, sandboxed submission by phase, each measured apart (one submission).

    kernel start: a kernel started and shut down; imports, learner cells, checks: one execution as the verified
    grading's kernel runs it (the checks of cells with hidden tests left to the check from outside), the
    kernel's CPU read after each cell; verification: the check from outside alone. What the class run spends
    per submission beyond these is nbgrader's own steps, the sandbox and the workers.
    """
    import psutil
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    from apilab.grading.verify import verify_notebook

    student = sorted(path.name for path in (course / "submitted").iterdir())[0]
    folder = course / "submitted" / student / assignment
    spent: dict[str, float] = {}

    cpu = cpu_seconds()
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(folder))
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    kernel = psutil.Process(manager.provisioner.pid)
    started_kernel = sum(kernel.cpu_times()[:2])
    client.stop_channels()
    manager.shutdown_kernel(now=False)
    spent["kernel start"] = cpu_seconds() - cpu

    notebook = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    seen = {"kernel": None, "last": 0.0}

    def after_cell(cell, **_):
        used = sum(seen["kernel"].cpu_times()[:2])
        phase = cell_phase(cell, cell is code[0])
        spent[phase] = spent.get(phase, 0.0) + used - seen["last"]
        seen["last"] = used

    def at_start(**_):
        seen["kernel"] = psutil.Process(runner.km.provisioner.pid)
        seen["last"] = started_kernel  # what the kernel spent starting is counted above

    runner = NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(folder)}},
                            on_notebook_start=at_start, on_cell_executed=after_cell)
    # The cells grading runs (as in plain_execution), and as the verified grading's kernel runs them: the checks
    # of a test cell with hidden tests are left to the check from outside (apilab.grading.checks_once).
    source = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    os.environ[CHECKED_OUTSIDE] = ",".join(cells_checked_outside(source, EXERCISES.get(assignment)))
    try:
        runner.execute()
    finally:
        del os.environ["NBGRADER_EXECUTION"], os.environ[CHECKED_OUTSIDE]

    cpu = cpu_seconds()
    verify_notebook(assignment, folder / f"{assignment}.ipynb", course / "exercises" / assignment)
    spent["verification (the check from outside)"] = cpu_seconds() - cpu
    return spent


MODES = (  # (name, verify, sandbox, checks_once)
    ("without verification and sandbox", False, False, True),
    ("in the sandbox, not verified", False, True, True),
    ("verified, checks also in the kernel", True, True, False),
    ("with verification and sandbox", True, True, True),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--assignment", default="01-flask-api")
    parser.add_argument("--rounds", type=int, default=3, help="times each way is graded, taking turns (median kept)")
    options = parser.parse_args(argv)
    count = options.submissions
    from apilab.grading.sandbox import sandbox_problem

    seconds: dict[str, list[float]] = {name: [] for name, *_ in MODES}
    cpu: dict[str, list[float]] = {name: [] for name, *_ in MODES}
    graded: dict[str, list] = {}
    cpus = os.cpu_count() or 1
    shared: list[float] = []  # plain executions, one per CPU at once: seconds per submission, each round
    with tempfile.TemporaryDirectory(prefix="autograde-bench-") as tmp:
        course = build_course(Path(tmp), options.assignment, count)
        plain, plain_tcp = plain_execution(course, options.assignment)
        for _ in range(options.rounds):  # the ways take turns, so a slow spell of the machine hits each alike
            shared.append(plain_one_per_cpu(course, options.assignment, cpus))
            for name, verify, sandbox, once in MODES:
                took, used, graded[name] = timed_class(course, options.assignment, verify, sandbox, once)
                seconds[name].append(took)
                cpu[name].append(used)
        by_phase = [phases(course, options.assignment) for _ in range(options.rounds)]
    for name, *_ in MODES:
        scores = sorted({g.score for g in graded[name]})
        print(f"{name}: every score {scores}, {sum(g.flagged for g in graded[name])} flagged")
    from apilab.grading.limits import in_force

    print(f"{count} submissions of {options.assignment}, one process per CPU ({cpus}); "
          f"sandbox: {sandbox_problem() or 'bubblewrap'}; each way graded {options.rounds} times, taking turns")
    print(f"limits in the sandbox: {in_force()}")
    print(f"plain execution of one submission (nbclient, ipc as the sandboxed kernels): {plain:6.2f} s;  over TCP "
          f"(nbclient's default): {plain_tcp:.2f} s")
    median = {name: statistics.median(times) for name, times in seconds.items()}
    for name, *_ in MODES:
        runs = ", ".join(f"{took:.1f}" for took in seconds[name])
        print(f"graded {name + ':':<36} median {median[name]:6.1f} s total  {median[name] / count:5.2f} s/submission"
              f"  {statistics.median(cpu[name]) / count:5.2f} CPU-s/submission  (runs: {runs} s)")
    without, sandboxed, twice, checked = (median[name] for name, *_ in MODES)
    print(f"with / without: {checked / without:4.2f}x  (target <= 1.3x; medians)")
    print(f"sandbox only / without: {sandboxed / without:4.2f}x;  verification on top of the sandbox: "
          f"{checked / sandboxed:4.2f}x")
    ideal = plain / cpus
    print(f"verified grading / the ideal (plain execution / {cpus} CPUs = {ideal:.2f} s/submission): "
          f"{checked / count / ideal:4.2f}x  (target <= 1.15x);  {checked / count * 1000 / 60:.0f} min "
          f"per 1,000 submissions on {cpus} CPUs")
    print(f"  the ideal from plain executions over TCP instead ({plain_tcp / cpus:.2f} s/submission): "
          f"{checked / count / (plain_tcp / cpus):4.2f}x")
    print(f"  before checks_once (the kernel also ran the checks of cells with hidden tests): "
          f"{twice / count / ideal:4.2f}x;  {twice / count * 1000 / 60:.0f} min per 1,000 submissions")
    alone = statistics.median(shared)
    print(f"  plain executions alone, one per CPU at once (no grading): {alone:.2f} s/submission, "
          f"{alone / ideal:4.2f}x the ideal (runs: {', '.join(f'{each:.2f}' for each in shared)} s/submission); "
          f"verified grading / that: {checked / count / alone:4.2f}x")
    print(f"machine CPU-seconds of one verified, sandboxed submission by phase (each measured apart, median of "
          f"{len(by_phase)}; the class run's CPU-seconds per submission less the phases is the rest):")
    measured = {phase: statistics.median(spent[phase] for spent in by_phase) for phase in by_phase[0]}
    per_submission = statistics.median(cpu["with verification and sandbox"]) / count
    measured["the rest: nbgrader's own steps, the sandbox, the workers"] = per_submission - sum(measured.values())
    for phase, used in measured.items():
        print(f"  {phase + ':':<58} {used:5.2f}")
    print(f"  {'all (the verified class run, per submission):':<58} {per_submission:5.2f}")
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f}; other work on the machine skews every number)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
