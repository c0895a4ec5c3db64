"""The benchmark ladder: like-for-like rungs, each adding one layer, measured side by side in one run.

Every rung serves ``GET /api/products/`` from the same sqlite file under the
same server. Going up a rung adds one layer, so the cost of a layer is the
difference between two rungs, and a ratio between two rungs at the same height
compares the frameworks giving the same response. At the top the layers are each
framework's usual API stack rather than the same code path: a marshmallow schema
in a plain Flask view against DRF's serializer in its generic view, which also
brings DRF's request, authentication, permission and content-negotiation
machinery:

=====================  ==========================================================
rung                   what answers the request
=====================  ==========================================================
``wsgi``               bare WSGI + raw SQL (sqlite3) + ``json``: no framework
``flask``              Flask + the same raw SQL
``django-sql``         Django + the same raw SQL (JsonResponse, no ORM)
``flask-sqlalchemy``   Flask + SQLAlchemy's ORM (Flask-SQLAlchemy)
``django``             Django + Django's ORM (JsonResponse)
``flask-marshmallow``  Flask + SQLAlchemy + a marshmallow schema
``drf``                Django's ORM + DRF's ModelSerializer in a ListAPIView
=====================  ==========================================================

``compare_ladder`` measures them (``apilab.measure.comparisons``);
``ladder_costs`` turns the measurements into each layer's cost in
microseconds per request and ``ladder_ratios`` into named ratios. Both work
round by round: each round measured every rung within a few seconds, so a
difference or ratio taken inside one round compares like conditions; the
median over rounds then discards the rounds a burst of other load spoiled.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from apilab.measure.comparisons import compare_frameworks
from apilab.measure.spread import verdict

RUNGS = {
    "wsgi": "bare WSGI + raw SQL",
    "flask": "Flask + raw SQL",
    "django-sql": "Django + raw SQL",
    "flask-sqlalchemy": "Flask + SQLAlchemy",
    "django": "Django + Django ORM",
    "flask-marshmallow": "Flask + SQLAlchemy + marshmallow",
    "drf": "Django ORM + DRF serializer (ListAPIView)",
}

# The cost of one layer: (framework, layer, the rung with it, the rung without it).
LAYERS = [
    ("Flask", "routing, request and response", "flask", "wsgi"),
    ("Django", "routing, request and response", "django-sql", "wsgi"),
    ("Flask", "ORM (SQLAlchemy)", "flask-sqlalchemy", "flask"),
    ("Django", "ORM (Django's)", "django", "django-sql"),
    ("Flask", "serialization (marshmallow)", "flask-marshmallow", "flask-sqlalchemy"),
    ("Django", "serialization (DRF serializer and view)", "drf", "django"),
]

# Like for like: (what is compared, the numerator rung, the denominator rung).
RATIOS = [
    ("frameworks alone, raw SQL", "flask", "django-sql"),
    ("with each one's usual ORM", "flask-sqlalchemy", "django"),
    ("with ORM and serializer", "flask-marshmallow", "drf"),
    ("unlike things: Flask + raw SQL against DRF", "flask", "drf"),
]


def compare_ladder(server: str = "gunicorn", workers: int = 2, concurrency_levels=(8,), repeat: int = 7,
                   duration: float = 1.0, client: str = "auto", progress: bool | None = None) -> pd.DataFrame:
    """Serve every rung under ``server`` at once and measure them in turn (rows of the load harness)."""
    return compare_frameworks(list(RUNGS), server=server, workers=workers, concurrency_levels=concurrency_levels,
                              repeat=repeat, duration=duration, client=client, progress=progress)




def _results_folder() -> Path:
    """The benchmark report's raw rows, committed with the course (benchmarks/report.py writes them).

    In a checkout, ``benchmarks/results``; in a hub's class environment, where build_class_env.py copies them.
    """
    checkout = Path(__file__).resolve().parents[3] / "benchmarks" / "results"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "flask-vs-django" / "benchmarks" / "results"


RESULTS = _results_folder()


def report_rows(name: str = "ladder.csv") -> pd.DataFrame:
    """The report's committed rows (``ladder.csv``, ``frameworks.csv``), wherever a lesson runs from."""
    path = RESULTS / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the benchmark report's rows come with the course's repository "
                                "(run benchmarks/report.py to make them)")
    return pd.read_csv(path)


def _by_round(results: pd.DataFrame) -> pd.DataFrame:
    """Requests per second, one row per round, one column per rung."""
    missing = [rung for rung in RUNGS if rung not in set(results.framework)]
    if missing:
        raise ValueError(f"the results lack the rungs {missing}; measure them with compare_ladder()")
    rounds = results.assign(run=results["run"] if "run" in results else 0)
    return rounds.pivot_table(index="run", columns="framework", values="requests_per_s", aggfunc="mean")


def rung_throughput(results: pd.DataFrame) -> pd.Series:
    """Median over rounds of each rung's requests per second in ``results`` (rows of compare_ladder)."""
    return _by_round(results).median()


def ladder_costs(results: pd.DataFrame) -> pd.DataFrame:
    """Each layer's cost: µs per request (1e6 / req/s) of the rung with it minus the rung without it.

    The difference is taken within each round; the median over rounds is reported, with the lowest and
    highest round's difference.
    """
    us = 1e6 / _by_round(results)
    rows = []
    for framework, layer, upper, lower in LAYERS:
        per_round = us[upper] - us[lower]
        cost = per_round.median()
        rows.append({"framework": framework, "layer": layer,
                     "rungs": f"{RUNGS[upper]} − {RUNGS[lower]}",
                     "µs per request": cost, "lowest": per_round.min(), "highest": per_round.max(),
                     "share of the upper rung": cost / us[upper].median()})
    return pd.DataFrame(rows)


def read_ratio(value: float, lowest: float, highest: float, upper: str, lower: str) -> str:
    """What a throughput ratio ``upper / lower`` lets one conclude, by the course's one rule (``spread.verdict``).

    A difference counts only when every round puts one side more than 25 % ahead; anything else is a tie.
    """
    reading = verdict(lowest, highest, upper, lower)
    return reading if reading.startswith("tie") else f"{reading}, ×{max(value, 1 / value):.2f} (median)"


def ladder_ratios(results: pd.DataFrame) -> pd.DataFrame:
    """The named throughput ratios (which rung over which): each round's ratio, its median and its spread.

    "lowest" and "highest" are the extreme rounds' ratios; "reading" is what the
    median and that spread allow one to conclude (``read_ratio``).
    """
    rate = _by_round(results)
    rows = []
    for what, upper, lower in RATIOS:
        per_round = (rate[upper] / rate[lower]).dropna()
        value, lowest, highest = per_round.median(), per_round.min(), per_round.max()
        rows.append({"compares": what, "ratio": f"{RUNGS[upper]} / {RUNGS[lower]}", "value": value,
                     "lowest": lowest, "highest": highest, "rounds": len(per_round),
                     "reading": read_ratio(value, lowest, highest, RUNGS[upper], RUNGS[lower])})
    return pd.DataFrame(rows)


def rung_table(results: pd.DataFrame) -> pd.DataFrame:
    """One row per rung, bottom to top: what it is, req/s (median over rounds, lowest, highest), µs per request."""
    rate = _by_round(results)
    return pd.DataFrame([{"rung": rung, "what answers": what, "req/s (median)": rate[rung].median(),
                          "lowest": rate[rung].min(), "highest": rate[rung].max(),
                          "µs per request": 1e6 / rate[rung].median()} for rung, what in RUNGS.items()])
