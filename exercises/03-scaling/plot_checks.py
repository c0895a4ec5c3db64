"""What the test cells read from a matplotlib Figure: its labelled lines and their data.

This file belongs to the course: when a notebook is graded, nbgrader puts the
course's copy of it back beside the notebook, so editing it changes nothing.
"""

import numpy as np


def plotted_lines(figure):
    """Return (axes, label, x, y) for every labelled line or error-bar line of ``figure``."""
    found = []
    for axes in figure.axes:
        for line in axes.get_lines():
            if not line.get_label().startswith("_"):
                found.append((axes, line.get_label(), line.get_xdata(), line.get_ydata()))
        for container in axes.containers:
            data_line = getattr(container, "lines", (None,))[0]
            if not container.get_label().startswith("_") and data_line is not None:
                found.append((axes, container.get_label(), data_line.get_xdata(), data_line.get_ydata()))
    return found


def axes_with_one_line_each(figure, labels):
    """Return the axes of ``figure`` that hold exactly one labelled line for each of ``labels``."""
    lines = plotted_lines(figure)
    return [axes for axes in figure.axes
            if all([label for where, label, _, _ in lines if where is axes].count(wanted) == 1
                   for wanted in labels)]


def points(x, y):
    """The (x, y) points of a line as sorted pairs of floats."""
    return sorted(zip(np.asarray(x, dtype=float).tolist(), np.asarray(y, dtype=float).tolist()))


def line_mismatch(axes, label, expected_points):
    """Return why the line ``label`` of ``axes`` does not plot ``expected_points`` ("" when it does)."""
    for where, name, x, y in plotted_lines(axes.figure):
        if where is axes and name == label:
            found = points(x, y)
            if len(found) == len(expected_points) and np.allclose(found, expected_points, rtol=1e-6):
                return ""
            return (f"the line {label!r} should plot concurrency {[p[0] for p in expected_points]} against "
                    f"requests_per_s {[round(p[1], 1) for p in expected_points]}; found x "
                    f"{[p[0] for p in found]}, y {[round(p[1], 1) for p in found]}")
    return f"no line labelled {label!r}"
