"""The rules of exercise 3 (03-scaling), on plain data: the results table, the figure, the two apps' answers.

A learner's ``results`` DataFrame and ``fig`` Figure are first turned into plain,
JSON-able data (``results_found``, ``figure_found``); every rule then works on
that data and returns why it fails ("" when it passes). The notebook's test
cells call them through ``apilab.exercises.scaling`` (which prints what they
warn as notes); the grader calls the same functions on the data the
verification process exported, so the rules are the same inside the notebook
and outside it.
"""

from __future__ import annotations

import math

PRODUCTS = [
    {"id": 1, "name": "Keyboard", "price_cents": 4999, "in_stock": True},
    {"id": 2, "name": "Mouse", "price_cents": 1999, "in_stock": True},
    {"id": 3, "name": "Monitor", "price_cents": 18999, "in_stock": False},
]
TARGETS = {"flask": "scaling_flask:app", "django": "scaling_django:application"}
COLUMNS = ["framework", "concurrency", "requests_per_s", "p50_ms", "p99_ms"]
MAX_ROWS = 1000  # a table longer than this is not one row per framework and level (and is not exported)
MAX_COLUMNS = 50  # nor one with more columns than this
MAX_AXES, MAX_LINES = 20, 20  # a figure's axes and lines per axes read (what the rules need, and little more)
NUMBERS = ["requests_per_s", "p50_ms", "p99_ms"]
FASTER = 5.0  # results may claim at most this many times the re-measured throughput ...
SLOWER = 20.0  # ... and at least this fraction of it: a short run of a client of one's own measures a
# cold server (Django loads on its first request), and load on a shared machine moves throughput 2-3x
MEASURED_RULE = ("results should be measured from your apps of Part 1 (a short re-measurement of each app is "
                 f"compared with it: at most {FASTER:g} times faster, at least 1/{SLOWER:g})")


# --- plain data from the learner's objects ------------------------------------------------------

def _plain(value):
    """A JSON-able copy of one table cell: numbers stay numbers, bools bools, the rest becomes text."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            pass
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)[:200]


def results_found(namespace: dict) -> dict:
    """``namespace["results"]`` as {"columns": [...], "rows": [[...], ...]}, or {"problem": what was found}."""
    import pandas as pd

    if "results" not in namespace:
        return {"problem": "results should be defined by the cell of Part 2; found no variable named results"}
    results = namespace["results"]
    if not isinstance(results, pd.DataFrame):
        return {"problem": f"results should be a pandas DataFrame, found {type(results).__name__}"}
    if len(results) > MAX_ROWS or len(results.columns) > MAX_COLUMNS:
        return {"problem": "results should have one row per framework and concurrency level and the five "
                           f"columns; found {len(results)} rows and {len(results.columns)} columns"}
    return {"columns": [str(name)[:200] for name in results.columns],
            "rows": [[_plain(value) for value in row] for row in results.itertuples(index=False, name=None)]}


def _line(label, x, y) -> dict:
    import numpy as np

    def floats(values):
        # One point more than a table may have rows: a longer line cannot plot the table, and stays small.
        try:
            return [float(v) for v in np.asarray(values, dtype=float).ravel()[: MAX_ROWS + 1].tolist()]
        except (TypeError, ValueError):
            return [str(v)[:40] for v in np.asarray(values, dtype=object).ravel()[: MAX_ROWS + 1].tolist()]

    return {"label": str(label)[:200], "x": floats(x), "y": floats(y)}


def figure_found(namespace: dict) -> dict:
    """``namespace["fig"]`` as {"axes": [{"xlabel", "ylabel", "lines": [{"label", "x", "y"}]}]}, or {"problem"}.

    The lines are the labelled lines of each axes and the labelled error-bar containers (their data line).
    """
    from matplotlib.figure import Figure

    if "fig" not in namespace:
        return {"problem": "fig should be defined by the cell of Part 3; found no variable named fig"}
    fig = namespace["fig"]
    if not isinstance(fig, Figure):
        return {"problem": "fig should be a matplotlib Figure (e.g. fig, ax = plt.subplots()), "
                           f"found {type(fig).__name__}"}
    axes_found = []
    for axes in fig.axes[:MAX_AXES]:
        lines = [_line(line.get_label(), line.get_xdata(), line.get_ydata())
                 for line in axes.get_lines()[:MAX_LINES] if not str(line.get_label()).startswith("_")]
        for container in axes.containers:
            data_line = getattr(container, "lines", (None,))[0]
            if not str(container.get_label()).startswith("_") and data_line is not None:
                lines.append(_line(container.get_label(), data_line.get_xdata(), data_line.get_ydata()))
        axes_found.append({"xlabel": str(axes.get_xlabel())[:200], "ylabel": str(axes.get_ylabel())[:200],
                           "lines": lines[:MAX_LINES]})
    return {"axes": axes_found}


def table(found: dict):
    """The DataFrame of ``results_found``'s data (None when it holds a problem)."""
    import pandas as pd

    if "problem" in found:
        return None
    return pd.DataFrame(found["rows"], columns=found["columns"])


# --- Part 1: the same endpoint in both apps ---------------------------------------------------

def endpoint_problem(target: str, answer: dict) -> str:
    """Why ``answer`` (``scaling_probe.ask_endpoint``: status, content_type, text, or error) is wrong ("" if not)."""
    import json

    if "error" in answer:
        return f"{target} should start under waitress; it failed with: {answer['error']}"
    if answer.get("status") != 200:
        return f"{target}: GET /api/products/ should answer 200, found {answer.get('status')}"
    content_type = str(answer.get("content_type") or "")
    if not content_type.startswith("application/json"):
        return f"{target}: GET /api/products/ should answer JSON, found Content-Type {content_type!r}"
    text = str(answer.get("text", ""))
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        body = None
    if body != PRODUCTS:
        return f"{target}: GET /api/products/ should return PRODUCTS, found {text[:200]}"
    return ""


# --- Part 2: the results table -----------------------------------------------------------------

def _frameworks(results) -> dict:
    return dict(tuple(results.groupby(results["framework"].astype(str))))


def results_table_problem(found: dict, hidden: bool = False) -> str:
    """Why the table is not one row per framework and level with the five columns ("" when it is).

    ``hidden`` checks the rest: whole-number levels, numeric measurements, the same levels for both.
    """
    import pandas as pd

    results = table(found)
    if results is None:
        return found["problem"]
    missing = [name for name in COLUMNS if name not in results.columns]
    if missing:
        return f"results should have the columns {COLUMNS}; missing {missing}, found {list(results.columns)}"
    if not hidden:
        names = sorted(results["framework"].astype(str).unique())
        if not (len(names) == 2 and any("flask" in n.lower() for n in names)
                and any("django" in n.lower() for n in names)):
            return f"results['framework'] should name the two frameworks, Flask and Django; found {names}"
        repeated = results[results.duplicated(["framework", "concurrency"], keep=False)]
        if not repeated.empty:
            pairs = sorted(set(zip(repeated["framework"].astype(str), repeated["concurrency"].astype(str))))
            return f"results should have one row per framework and concurrency level; found repeated rows for {pairs}"
        counts = results.groupby(results["framework"].astype(str))["concurrency"].nunique().to_dict()
        if min(counts.values()) < 3:
            return f"results should hold at least 3 concurrency levels per framework; found {counts}"
        return ""
    levels = results["concurrency"]
    if not (pd.api.types.is_numeric_dtype(levels) and not pd.api.types.is_bool_dtype(levels)
            and (levels % 1 == 0).all()):
        return (f"results['concurrency'] should hold whole numbers, found dtype {levels.dtype}: "
                f"{levels.tolist()}")
    not_numeric = {name: str(results[name].dtype) for name in NUMBERS
                   if not pd.api.types.is_numeric_dtype(results[name]) or pd.api.types.is_bool_dtype(results[name])}
    if not_numeric:
        return f"requests_per_s, p50_ms and p99_ms should be numbers; found dtypes {not_numeric}"
    by_framework = {name: sorted(rows["concurrency"].tolist()) for name, rows in _frameworks(results).items()}
    if len({tuple(levels) for levels in by_framework.values()}) != 1:
        return f"both frameworks should be measured at the same concurrency levels; found {by_framework}"
    return ""


def results_numbers_problem(found: dict, hidden: bool = False) -> str:
    """Why the measurements are not positive numbers ("" when they are); ``hidden``: p50_ms <= p99_ms."""
    import numpy as np
    import pandas as pd

    results = table(found)
    if results is None:
        return found["problem"]
    if not set(COLUMNS) <= set(results.columns):
        return f"results should be a DataFrame with the columns {COLUMNS}, found {list(results.columns)}"
    numbers = results[NUMBERS].apply(pd.to_numeric, errors="coerce").astype(float)
    if not hidden:
        bad = results[~(np.isfinite(numbers) & (numbers > 0)).all(axis=1)]
        if not bad.empty:
            return ("requests_per_s, p50_ms and p99_ms should be positive numbers (a level that completed no "
                    "request measured nothing: did the server answer once before the load?); found "
                    f"{bad[COLUMNS].to_dict('records')}")
        return ""
    inverted = results[numbers["p50_ms"] > numbers["p99_ms"]]
    if not inverted.empty:
        return ("p50_ms should be at most p99_ms (the median is below the 99th percentile); found "
                f"{inverted[['framework', 'concurrency', 'p50_ms', 'p99_ms']].to_dict('records')}")
    return ""


def levels_to_measure(found: dict) -> dict[str, int]:
    """{"flask"/"django": the highest concurrency level results claims for it}: what to measure again."""
    import pandas as pd

    results = table(found)
    if results is None or not {"framework", "concurrency"} <= set(results.columns):
        return {}
    levels = {}
    for framework, rows in _frameworks(results).items():
        key = next((name for name in TARGETS if name in framework.lower()), None)
        highest = pd.to_numeric(rows["concurrency"], errors="coerce").max()
        if key is not None and math.isfinite(highest) and 1 <= highest <= 64:
            levels[key] = int(highest)
    return levels


def measured_problem(found: dict, measured: dict) -> str:
    """Why ``results`` does not look measured from the apps of Part 1 ("" when it does).

    ``measured`` is {"flask"/"django": {"requests_per_s": ...} or {"error": ...}}, a short
    re-measurement at ``levels_to_measure``. For each framework, the throughput results claims at its
    highest level must be at most FASTER times and at least 1/SLOWER of it: made-up numbers seldom are.
    """
    import pandas as pd

    results = table(found)
    if results is None:
        return found["problem"]
    if not {"framework", "concurrency", "requests_per_s"} <= set(results.columns):
        return f"results should have the columns {COLUMNS}, found {list(results.columns)}"
    levels = levels_to_measure(found)
    problems = []
    for framework, rows in _frameworks(results).items():
        key = next((name for name in TARGETS if name in framework.lower()), None)
        if key not in levels:
            continue
        level = levels[key]
        at_level = rows[pd.to_numeric(rows["concurrency"], errors="coerce") == level]
        claimed = float(pd.to_numeric(at_level["requests_per_s"], errors="coerce").mean())
        again = measured.get(key, {"error": "not measured"})
        if "error" in again:
            problems.append(f"{framework}: its app could not be measured again ({again['error']})")
            continue
        rate = float(again["requests_per_s"])
        if not (math.isfinite(claimed) and rate / SLOWER <= claimed <= rate * FASTER):
            problems.append(f"{framework} at concurrency {level}: results says {claimed:.0f} requests/s, "
                            f"a short re-measurement of your app gives {rate:.0f}")
    return f"{MEASURED_RULE}: {'; '.join(problems)}" if problems else ""


DELAY_RULE = ("results should be measured by your code of Part 2: run again against apps that answer each "
              "request after {delay_ms:.0f} ms, every median latency it shows should be at least {least:.0f} ms and "
              "no level more than its clients can finish in that time, while your own apps, in your table, answer "
              "faster than that at some level")
MOST_RATE = 1.5  # a level of c clients finishes at most c requests per delay: this many times that, for the rounding


def measured_against_delay_problem(found: dict, delayed: dict, delay_ms: float, served: dict | None = None) -> str:
    """Why ``results`` does not look measured ("" when it does), from a second run of the learner's cells.

    ``delayed`` is the ``results`` the learner's code made when its apps were swapped for stand-ins the
    grader answers after ``delay_ms`` (secret, drawn for each run), and ``served`` how many requests the
    grader answered for each ("flask", "django"). Every request then takes at least the delay, so each
    row has a p50_ms of at least 0.8 of it, and c clients finish at most c requests per delay; each
    stand-in was asked; and the learner's own apps, in ``results``, answer faster than that at some level
    of each framework. A table typed by hand is the same in both runs: it cannot be both.
    """
    import pandas as pd

    least = 0.8 * delay_ms
    rule = DELAY_RULE.format(delay_ms=delay_ms, least=least)
    first, second = table(found), table(delayed)
    if first is None:
        return found["problem"]
    if second is None:
        return f"{rule}; in that run: {delayed['problem']}"
    needed = {"framework", "concurrency", "p50_ms"}
    if not needed <= set(first.columns):
        return f"results should have the columns {COLUMNS}, found {list(first.columns)}"
    if not needed <= set(second.columns):
        return f"{rule}; in that run results had the columns {list(second.columns)}"

    def numeric(frame):
        return frame.assign(framework=frame["framework"].astype(str),
                            concurrency=pd.to_numeric(frame["concurrency"], errors="coerce"),
                            p50_ms=pd.to_numeric(frame["p50_ms"], errors="coerce"))

    before = numeric(first).groupby(["framework", "concurrency"])["p50_ms"].median()
    slowed = numeric(second)
    after = slowed.groupby(["framework", "concurrency"])["p50_ms"].median()
    problems = []
    for framework in dict.fromkeys(name for name, _ in before.index):
        if not (before[framework] < least).any():
            problems.append(f"{framework}: p50_ms is {least:.0f} or more at every level in your table too")
    for key in before.index:
        latency = after.get(key)
        if latency is None or not math.isfinite(latency):
            problems.append(f"{key[0]} at concurrency {key[1]:g}: no p50_ms in that run")
        elif latency < least:
            problems.append(f"{key[0]} at concurrency {key[1]:g}: p50_ms {latency:.3g} in that run")
    if "requests_per_s" in slowed.columns and delay_ms > 0:
        rates = slowed.assign(requests_per_s=pd.to_numeric(slowed["requests_per_s"], errors="coerce"))
        for row in rates.itertuples(index=False):
            most = MOST_RATE * max(float(row.concurrency), 1.0) * 1000 / delay_ms
            if math.isfinite(row.concurrency) and not row.requests_per_s <= most:
                problems.append(f"{row.framework} at concurrency {row.concurrency:g}: {row.requests_per_s:.3g} "
                                f"requests/s in that run, more than its clients could finish ({most:.3g})")
    if served is not None:
        names = " ".join(name for name, _ in before.index).lower()
        asked = [tag for tag in ("flask", "django") if tag in names]  # the frameworks the table names
        problems += [f"in that run no request reached the {tag} app" for tag in asked if not served.get(tag)]
        if not asked and not any(served.values()):  # frameworks named otherwise: some request at least
            problems.append("in that run no request reached the apps")
    if problems:
        return f"{rule}; " + "; ".join(problems[:3]) + ("; ..." if len(problems) > 3 else "")
    return ""


# --- Part 3: the figure ------------------------------------------------------------------------

def _labelled_axes(figure: dict) -> list[dict]:
    return [axes for axes in figure["axes"] if axes["lines"]]


def fig_axes_problem(figure: dict) -> str:
    """Why ``figure`` (``figure_found``) has no labelled lines on axes with x and y labels ("" when it does)."""
    if "problem" in figure:
        return figure["problem"]
    axes_with_lines = _labelled_axes(figure)
    if not axes_with_lines:
        return (f"fig should hold labelled lines, found {len(figure['axes'])} axes and no labelled line "
                "(a figure taken with plt.gcf() after its cell has run is empty)")
    for axes in axes_with_lines:
        if not (axes["xlabel"].strip() and axes["ylabel"].strip()):
            return (f"fig's axes should have an x label and a y label, found x label {axes['xlabel']!r} "
                    f"and y label {axes['ylabel']!r}")
    return ""


def _points(x, y) -> list:
    return sorted(zip((float(v) for v in x), (float(v) for v in y)))


def fig_lines_problem(figure: dict, found: dict, hidden: bool = False) -> str:
    """Why ``figure`` has no axes with one line per framework of ``results`` ("" when it has).

    ``hidden`` also wants, on one such axes, each line to plot exactly that framework's rows,
    requests_per_s against concurrency.
    """
    import numpy as np
    import pandas as pd

    if "problem" in figure:
        return figure["problem"]
    results = table(found)
    if results is None or not {"framework", "concurrency", "requests_per_s"} <= set(results.columns):
        return "results should be a DataFrame with the columns ['framework', 'concurrency', 'requests_per_s'] " \
               "to compare fig with"
    frameworks = sorted(results["framework"].astype(str).unique())
    if len(frameworks) != 2:
        return f"fig should have one line per framework, Flask and Django; results['framework'] holds {frameworks}"
    candidates = [axes for axes in figure["axes"]
                  if all([line["label"] for line in axes["lines"]].count(name) == 1 for name in frameworks)]
    if not candidates:
        labels = [line["label"] for axes in figure["axes"] for line in axes["lines"]]
        return (f"fig should have one line labelled with each of {frameworks} (the values of "
                f"results['framework']); found line labels {labels}")
    if not hidden:
        return ""
    expected = {}
    for name, rows in _frameworks(results).items():
        try:
            expected[name] = _points(pd.to_numeric(rows["concurrency"]), pd.to_numeric(rows["requests_per_s"]))
        except (TypeError, ValueError):
            return f"results' concurrency and requests_per_s for {name} should be numbers to plot"
    first_problem = ""
    for axes in candidates:
        problems = []
        for name in frameworks:
            line = next(line for line in axes["lines"] if line["label"] == name)
            try:
                found_points = _points(line["x"], line["y"])
            except (TypeError, ValueError):
                found_points = []
            wanted = expected[name]
            if not (len(found_points) == len(wanted) and np.allclose(found_points, wanted, rtol=1e-6)):
                problems.append(
                    f"the line {name!r} should plot concurrency {[p[0] for p in wanted]} against "
                    f"requests_per_s {[round(p[1], 1) for p in wanted]}; found x {[p[0] for p in found_points]}, "
                    f"y {[round(p[1], 1) for p in found_points]}")
        if not problems:
            return ""
        first_problem = first_problem or problems[0]
    return first_problem
