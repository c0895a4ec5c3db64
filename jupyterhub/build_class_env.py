"""Build the class environment: what the hub and every learner's server run, without the answers.

    sudo /usr/bin/python3 jupyterhub/build_class_env.py --prefix /opt/flask-vs-django/env

makes a venv at ``--prefix`` (with Debian's ``/usr/bin/python3`` by default:
a venv of a Python under /root cannot run other users' servers) holding
JupyterHub, the course's package with every dependency, nbgrader's extensions
enabled as ``make lab`` enables them (the instructor's tools only for the
formgrader service: ``<prefix>/etc/jupyter-instructor``), the class's global
``nbgrader_config.py`` and its idle-kernel culling (in ``<prefix>/etc/jupyter``) and the lessons (in
``<prefix>/share/flask-vs-django/notebooks``). Only ``pyproject.toml``,
``README.md``, ``LICENSE``, ``src/``, ``notebooks/`` and ``benchmarks/results/`` are taken from the
checkout: ``solutions/``, the hidden tests and the tests' sample answers stay
with the instructors, and the build fails if any of them shows up in the
environment. A Zero to JupyterHub image runs the same script in its Dockerfile.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
COURSE_ID = "flask-vs-django"
TAKEN = ["pyproject.toml", "README.md", "LICENSE", "src"]
# What must never reach learners: nbgrader's solution and hidden-test markers, the answer folders.
FORBIDDEN_TEXT = ["BEGIN HIDDEN TESTS", "### BEGIN SOLUTION"]
FORBIDDEN_FOLDERS = {"solutions", "sample_answers", "samples", "reference_apps"}
# The hub itself (the single-user servers need it too: jupyterhub-singleuser), and its idle-server culler.
HUB_PACKAGES = ["jupyterhub>=5", "jupyterhub-idle-culler>=1.4"]
# Every server of the class shuts down a kernel or terminal idle this long, open tab or not (a lesson runs
# again from the top in about a minute), so that the hub's culler can then stop the idle server. The Zero
# to JupyterHub image is built by this script: both hubs get this file.
KERNEL_CULLING = {"MappingKernelManager": {"cull_idle_timeout": 1800, "cull_interval": 120,
                                           "cull_connected": True, "cull_busy": False},
                  "TerminalManager": {"cull_inactive_timeout": 1800, "cull_interval": 120}}
KERNEL_CULLING_FILE = "jupyter_server_config.json"  # (the .d folder beside it holds only extension switches)
# nbgrader's instructor tools are off in every learner's server and the Course progress sidebar's server side
# on; the formgrader service turns the tools on again with the config folder INSTRUCTOR_CONFIG
# (JUPYTER_CONFIG_PATH, which outranks the venv's). Which switches: the course's own module, loaded by path
# (this script runs on the system's Python, where the course is not installed).
INSTRUCTOR_CONFIG = Path("etc") / "jupyter-instructor"
_spec = importlib.util.spec_from_file_location(
    "jupyter_switches", CHECKOUT / "src" / "apilab" / "course" / "jupyter_switches.py")
jupyter_switches = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(jupyter_switches)


def run(command: list[str], **options) -> None:
    result = subprocess.run(command, capture_output=True, text=True, **options)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SystemExit(f"build_class_env: {' '.join(command[:4])} ... failed: " + " | ".join(tail))


def course_sources(destination: Path) -> Path:
    """Copy only what the package is built from into ``destination``; return it."""
    for name in TAKEN:
        source = CHECKOUT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, destination / name)
    return destination


def answers_in(folder: Path) -> list[str]:
    """Return the paths under ``folder`` that hold solutions, hidden tests or sample answers."""
    found = []
    own_source = {Path(__file__).name}
    for path in folder.rglob("*"):
        if path.is_dir() and path.name in FORBIDDEN_FOLDERS:
            found.append(str(path))
        elif path.is_file() and path.suffix in (".ipynb", ".py") and path.name not in own_source:
            text = path.read_text(errors="replace")
            if any(marker in text for marker in FORBIDDEN_TEXT):
                found.append(str(path))
    return found


def course_folders(prefix: Path) -> list[Path]:
    """The course's own folders in an environment: the lessons and the installed package."""
    return [prefix / "share" / COURSE_ID, *prefix.glob("lib/python3*/site-packages/apilab")]


def build(prefix: Path, python: str) -> None:
    run([python, "-m", "venv", str(prefix)])
    pip = [str(prefix / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    with tempfile.TemporaryDirectory(prefix="apilab-class-env-") as scratch:
        run([*pip, str(course_sources(Path(scratch))), *HUB_PACKAGES])
    jupyter = str(prefix / "bin" / "jupyter")
    run([jupyter, "labextension", "enable", "--level=sys_prefix", "@jupyter/nbgrader"])
    run([jupyter, "server", "extension", "enable", "--sys-prefix", "nbgrader"])
    config = prefix / "etc" / "jupyter"
    config.mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "nbgrader_config.py", config / "nbgrader_config.py")
    jupyter_switches.write_config_folder(config, instructor=False, extra=KERNEL_CULLING)
    jupyter_switches.write_config_folder(prefix / INSTRUCTOR_CONFIG, instructor=True)
    # The Course progress sidebar's JupyterLab side, where JupyterLab finds the environment's extensions.
    [sidebar] = prefix.glob("lib/python3*/site-packages/apilab/course/jupyter/labextensions/apilab-progress")
    shutil.copytree(sidebar, prefix / "share" / "jupyter" / "labextensions" / "apilab-progress")
    lessons = prefix / "share" / COURSE_ID / "notebooks"
    shutil.copytree(CHECKOUT / "notebooks", lessons, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    # The benchmark report's committed rows, which lessons 12 and 16 read (apilab.measure.bench_ladder.RESULTS).
    shutil.copytree(CHECKOUT / "benchmarks" / "results", prefix / "share" / COURSE_ID / "benchmarks" / "results")
    leaked = [path for folder in course_folders(prefix) for path in answers_in(folder)]
    if leaked:
        raise SystemExit(f"build_class_env: answers would reach learners: {', '.join(leaked[:5])}")
    run(["chmod", "-R", "a+rX", str(prefix)])  # everyone runs it; only its owner changes it


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the class environment (see this file's docstring).")
    parser.add_argument("--prefix", default="/opt/flask-vs-django/env", type=Path)
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="the Python to build from (other users must be able to run it)")
    args = parser.parse_args(argv)
    if args.prefix.exists():
        raise SystemExit(f"build_class_env: {args.prefix} exists; remove it first (or choose another --prefix)")
    build(args.prefix.resolve(), args.python)
    print(f"class environment ready in {args.prefix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
