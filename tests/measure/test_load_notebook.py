"""The harness in a real notebook kernel: a progress widget, and nothing written to stderr.

nbgrader scores a cell that writes to stderr as failed, and tqdm writes to
stderr by default.
"""

import nbformat
from nbclient import NotebookClient

CELLS = [
    "from apilab.measure import load, plots\nfrom apilab.measure.bench_servers import start_bench_server",
    "with start_bench_server('wsgi') as server:\n"
    "    results = load.sweep(server, concurrency_levels=[1, 2], requests=50, duration=3)\n"
    "results[['framework', 'concurrency', 'requests_per_s', 'client']]",
    "fig = plots.plot_throughput(results)",
]


def test_a_sweep_in_a_notebook_shows_a_widget_and_writes_no_stderr(tmp_path, no_leftover_processes):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in CELLS])
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [output for cell in notebook.cells for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"], outputs
    sweep_outputs = notebook.cells[1].outputs
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in sweep_outputs)
    assert any("text/html" in o.get("data", {}) and "wsgi" in o["data"]["text/html"] for o in sweep_outputs)
