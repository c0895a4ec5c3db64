"""A learner runs a lesson in JupyterLab: servers start, requests answer, plots show.

Each test opens a notebook, clears its outputs, runs all cells from the Run
menu, waits for the kernel to finish, and checks what the page shows (no
traceback, the expected text, the plot as an image) and what File > Save
wrote to disk (no error output, the plot kept as PNG).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]


def error_outputs(notebook) -> list[str]:
    """Return "ename: evalue" for every error output in a saved notebook."""
    return [
        f"{output.get('ename')}: {output.get('evalue')}"
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.get("outputs", []) if output.get("output_type") == "error"
    ]


def png_outputs(notebook) -> int:
    """Return how many outputs of a saved notebook hold a PNG image."""
    return sum(
        1 for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.get("outputs", []) if "image/png" in output.get("data", {})
    )


def run_notebook_in_lab(ui, path: str, expected_texts: list[str], screenshot: Path) -> None:
    """Open, clear, Run All, check the page and the saved file; keep a screenshot of the plot."""
    ui.open_notebook(path)
    ui.clear_all_outputs()
    outcome = ui.run_all()
    notebook = ui.notebook()
    plot = notebook.locator('.jp-OutputArea-output[data-mime-type="image/png"] img').first
    if outcome == "error":
        traceback = notebook.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]', has_text="Traceback")
        traceback.first.scroll_into_view_if_needed()
        ui.screenshot(screenshot)
        pytest.fail(f"{path} raised when run in JupyterLab:\n{traceback.first.inner_text()[-2000:]}")
    assert notebook.get_by_text("Traceback").count() == 0
    for text in expected_texts:
        assert notebook.locator(".jp-OutputArea-output", has_text=text).count() >= 1, (
            f"{path}: no output shows {text!r}")
    plot.wait_for(state="visible")
    # A rendered image, not a broken one: the browser decoded it to real pixels.
    assert plot.evaluate("img => img.complete && img.naturalWidth > 100 && img.naturalHeight > 100")
    ui.screenshot(screenshot, locator=plot)

    ui.save()
    saved = nbformat.read(ui.lab.root / path, as_version=4)
    assert error_outputs(saved) == []
    assert png_outputs(saved) >= 1, f"{path}: the saved notebook kept no plot"


def test_notebook_that_serves_and_plots_runs_in_lab(ui, artifacts):
    """A small notebook serving a Flask app with apilab.serve and plotting its data runs clean."""
    run_notebook_in_lab(
        ui, "browser-fixtures/serve_and_plot.ipynb",
        expected_texts=["status 200 products served: 3", "server stopped: True"],
        screenshot=artifacts / "lesson-fixture-serve-and-plot.png",
    )


# A lesson that starts servers (gunicorn, Nginx, Redis out of the kernel, the load generator) and plots.
SCALING_LESSON = "notebooks/12-Scalability.ipynb"


def test_scaling_lesson_runs_in_lab(ui, artifacts):
    """The scaling lesson starts its servers, measures them and draws its plots in JupyterLab."""
    assert (REPO_ROOT / SCALING_LESSON).is_file(), f"{SCALING_LESSON} is missing"
    run_notebook_in_lab(
        ui, SCALING_LESSON,
        expected_texts=["marshmallow ÷ DRF (ORM + serializer)", "requests_per_s"],
        screenshot=artifacts / "lesson-12-scalability.png",
    )
