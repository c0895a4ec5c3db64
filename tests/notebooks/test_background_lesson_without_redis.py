"""Lesson Background-Work without redis-server: one line says how to install it, the rest skips cleanly.

The practice checks say "not done yet" (and what they need), whatever the answer cell holds.
"""

import os
import sys

import pytest
from lesson_runs import NOTEBOOKS, run_lesson

from apilab.lessons.practice.items import AFTER_MODEL, SELF_CHECK
from apilab.serving import programs

SELF_CHECKS = {SELF_CHECK, AFTER_MODEL}   # the practice checks: without Redis they say what they need


@pytest.mark.slow
def test_the_background_lesson_runs_without_redis_and_says_how_to_install_it(monkeypatch):
    venv_bin = os.path.dirname(sys.executable)  # python and celery, but no redis-server
    monkeypatch.setenv("PATH", venv_bin)
    if programs.find_program("redis-server"):
        pytest.skip("redis-server is in /usr/sbin or similar, which PATH cannot hide from the kernel")
    monkeypatch.undo()
    lesson = next(NOTEBOOKS.glob("*-Background-Work.ipynb"))
    run = run_lesson(lesson, env={**os.environ, "PATH": venv_bin})
    assert run.error is None, run.error
    checks = [cell for cell in run.notebook.cells if set(cell.metadata.get("tags", [])) & SELF_CHECKS]
    streams = [output for cell in run.notebook.cells if cell.cell_type == "code" and cell not in checks
               for output in cell.get("outputs", []) if output.output_type == "stream"]
    said = ["".join(output.text for output in cell.get("outputs", []) if output.output_type == "stream")
            for cell in checks]
    assert checks and all(text.startswith("not done yet") for text in said), said   # even after the model answers
    assert [output.text for output in streams] == [
        "redis-server is not installed; install it with: apt-get install redis-server  "
        "(or: conda install -c conda-forge redis-server)\n"]
    results = [output["data"]["text/plain"] for cell in run.notebook.cells if cell.cell_type == "code"
               for output in cell.get("outputs", []) if output.output_type == "execute_result"]
    assert sum("skipped: no redis-server" in result for result in results) >= 4
