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


# --- results measured here, not typed in -------------------------------------------------------

TARGETS = {"flask": "scaling_flask:app", "django": "scaling_django:application"}
FASTER = 5.0  # results may claim at most this many times the re-measured throughput ...
SLOWER = 20.0  # ... and at least this fraction of it: a short run of a client of one's own measures a
# cold server (Django loads on its first request), and load on a shared machine moves throughput 2-3x
_remeasured = {}


def remeasure(app_folder, framework_key, concurrency):
    """Requests per second of one app of Part 1, measured briefly under gunicorn (2 workers); cached."""
    import requests

    from apilab.measure import load
    from apilab.serving.process_servers import start_process_server

    key = (framework_key, int(concurrency))
    if key not in _remeasured:
        with start_process_server(TARGETS[framework_key], server="gunicorn", workers=2,
                                  pythonpath=[app_folder]) as server:
            requests.get(server.url + "/api/products/", timeout=30)
            row = load.measure(server, concurrency=int(concurrency), requests=400, duration=0.5,
                               path="/api/products/")
        _remeasured[key] = float(row["requests_per_s"].iloc[0])
    return _remeasured[key]


def not_measured_here(results, app_folder):
    """Why ``results`` does not look measured from the apps of Part 1 ([] when it does).

    For each framework, its throughput at its highest concurrency level must be at most FASTER
    times and at least 1/SLOWER of a short re-measurement of the same app: made-up numbers
    seldom are.
    """
    problems = []
    for framework, rows in results.groupby(results["framework"].astype(str)):
        key = next((name for name in TARGETS if name in framework.lower()), None)
        if key is None:
            continue
        level = int(rows["concurrency"].max())  # the last level: the server has long been warm
        claimed = float(rows[rows["concurrency"] == level]["requests_per_s"].astype(float).mean())
        try:
            measured = remeasure(app_folder, key, level)
        except Exception as error:  # the app does not start: Part 1's test says why
            problems.append(f"{framework}: its app could not be measured again ({type(error).__name__})")
            continue
        if not measured / SLOWER <= claimed <= measured * FASTER:
            problems.append(f"{framework} at concurrency {level}: results says {claimed:.0f} requests/s, "
                            f"a short re-measurement of your app gives {measured:.0f}")
    return problems
