"""Lessons 12-16 say how to install a missing program in one line and skip that part (lesson 13 run here)."""

import asyncio
import os
import sys

import nbformat
import pytest
from course_paths import NOTEBOOKS
from nbclient import NotebookClient

from apilab.serving import programs


def hidden_path() -> str:
    """A PATH with the venv's python but without wrk, nginx or redis-server."""
    return os.path.dirname(sys.executable)


@pytest.mark.slow
def test_the_async_lesson_runs_without_redis_and_says_how_to_install_it(monkeypatch):
    monkeypatch.setenv("PATH", hidden_path())
    if programs.find_program("redis-server"):
        pytest.skip("redis-server is in /usr/sbin or similar, which PATH cannot hide from the kernel")
    monkeypatch.undo()
    notebook = nbformat.read(NOTEBOOKS / "13-Asynchronous-APIs.ipynb", as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    asyncio.run(client.async_execute(env={**os.environ, "PATH": hidden_path()}))
    streams = [output for cell in notebook.cells if cell.cell_type == "code"
               for output in cell.get("outputs", []) if output.output_type == "stream"]
    hints = [output.text for output in streams if "redis-server is not installed" in output.text]
    assert hints == ["redis-server is not installed; install it with: apt-get install redis-server  "
                     "(or: conda install -c conda-forge redis-server)\n"]
    assert not [output for output in streams if output.name == "stderr"]
