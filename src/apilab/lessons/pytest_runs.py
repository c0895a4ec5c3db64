"""Run pytest on a folder of tests in a separate process and show the outcome in a notebook.

The Testing-An-API lesson writes test files into a scratch folder and runs
them as a learner would in a terminal: ``python -m pytest`` in that folder,
in a new process (so the tests configure Django and import the app on their
own, and nothing they do touches the notebook's kernel)::

    result = run_pytest(folder)
    result                  # pytest's own summary lines
    result.table()          # one row per test: its name and outcome

The run is bounded in time; pytest's output is kept, never printed to stderr.
Of the plugins installed, only pytest-django is loaded (``-p pytest_django.plugin``
with ``PYTEST_DISABLE_PLUGIN_AUTOLOAD=1``): loading every installed plugin
doubled the start-up of each run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

TIME_LIMIT_S = 60


@dataclass
class PytestRun:
    """What one pytest run said: its exit code, its output, and each test's outcome."""

    exit_code: int
    output: str
    outcomes: list[tuple[str, str, str, str]]  # (file, test, outcome, message)

    @property
    def passed(self) -> bool:
        """True when pytest ran at least one test and every test passed."""
        return self.exit_code == 0 and bool(self.outcomes)

    def counts(self) -> dict[str, int]:
        """How many tests passed, failed, errored and were skipped."""
        found = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
        for _, _, outcome, _ in self.outcomes:
            found[outcome] += 1
        return found

    def table(self) -> pd.DataFrame:
        """One row per test: its file, its name, its outcome, and the first line of its failure."""
        return pd.DataFrame(self.outcomes, columns=["file", "test", "outcome", "message"])

    def __repr__(self) -> str:
        lines = [line for line in self.output.splitlines() if line.strip()]
        failures = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
        return "\n".join(failures + lines[-1:]) if lines else f"pytest exited with {self.exit_code}"


def _outcomes(junit_file: Path) -> list[tuple[str, str, str, str]]:
    """Read each test's outcome from pytest's JUnit XML report."""
    if not junit_file.exists() or not junit_file.stat().st_size:
        return []
    rows = []
    for case in ElementTree.parse(junit_file).getroot().iter("testcase"):
        module = Path(case.get("file") or case.get("classname", "").replace(".", "/")).stem
        outcome, message = "passed", ""
        for tag, word in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
            found = case.find(tag)
            if found is not None:
                outcome, message = word, ((found.get("message") or "").splitlines() or [""])[0][:200]
                break
        rows.append((module, case.get("name"), outcome, message))
    return rows


def run_pytest(folder, *args: str, timeout: float = TIME_LIMIT_S) -> PytestRun:
    """Run ``python -m pytest -q`` (with ``args``, e.g. a file name) in ``folder`` and return what it said."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"run_pytest() needs a folder of tests; {folder} is not a folder")
    with tempfile.TemporaryDirectory(prefix="apilab-pytest-") as scratch:
        junit = Path(scratch) / "results.xml"
        command = [sys.executable, "-m", "pytest", "-q", "--color=no", "-p", "no:cacheprovider",
                   "-p", "pytest_django.plugin", "--rootdir", str(folder),
                   f"--junitxml={junit}", "-o", "junit_family=xunit1", *args]
        try:
            finished = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=timeout,
                                      stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1",
                                                                    "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
        except subprocess.TimeoutExpired as expired:
            output = expired.stdout.decode(errors="replace") if isinstance(expired.stdout, bytes) else ""
            return PytestRun(-1, output + f"\npytest did not finish within {timeout:.0f} s and was stopped", [])
        return PytestRun(finished.returncode, finished.stdout + finished.stderr, _outcomes(junit))
