"""Plots with pyplot's state machine and takes the figure with plt.gcf() in a new cell
below: by then the inline backend has closed the plotted figure, so fig is empty."""

from sample_answers.scaling import SCALING

DESCRIPTION = "wrong: fig = plt.gcf() in a later cell (an empty figure)"
EXPECTED_SCORE = 6.0

ANSWERS = {
    **SCALING,
    "plot": '''for framework, rows in results.groupby("framework"):
    plt.plot(rows["concurrency"], rows["requests_per_s"], marker="o", label=framework)
plt.xlabel("concurrency")
plt.ylabel("requests per second")
plt.legend()
''',
}


def edit(nb):
    """Add the cell that takes the figure after the plotting cell has run."""
    import nbformat

    index = next(i for i, cell in enumerate(nb.cells)
                 if cell.metadata.get("nbgrader", {}).get("grade_id") == "plot")
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell("fig = plt.gcf()"))
