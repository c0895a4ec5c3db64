"""Practice in the lesson Scalability: size workers with Little's law, read a ratio by the course's rule.

The checks read what the learner computed against the same measurement (the rows the lesson
measured), call the learner's function on a few cases, and judge a reading by
``apilab.measure.spread.verdict``, the rule every ratio of the course is read by.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from decimal import Decimal

import pandas as pd

from apilab.lessons.practice.feedback import attempt, failed, not_done, point, report
from apilab.measure.littles_law import predicted_throughput
from apilab.measure.spread import verdict

TOLERANCE = 0.01          # a ratio rounded to two decimals still counts
READINGS = ("flask-marshmallow", "drf", "tie")


# --- Little's law: how many workers --------------------------------------------------------------------------

SIZING_CASES = [(100, 50), (150, 120), (45, 100), (30, 200), (5, 20)]   # (requests per second, wait in ms)


def fewest_workers(target_per_s: float, wait_ms: float) -> int:
    """The fewest sync workers whose Little's-law throughput reaches ``target_per_s``."""
    workers = max(1, math.ceil(target_per_s * wait_ms / 1000.0 - 1e-9))
    while predicted_throughput(workers, wait_ms) < target_per_s - 1e-9:
        workers += 1
    return workers


def _whole(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)) or not math.isfinite(value) \
            or not float(value).is_integer():
        return None
    return int(value)


def check_workers_needed(workers_needed: Callable) -> int | None:
    """Lesson Scalability: ``workers_needed(target_per_s, wait_ms)`` is the fewest sync workers for the target."""
    if workers_needed is None:
        return not_done("define `workers_needed(target_per_s, wait_ms)` (see the task), and run this again")
    if not callable(workers_needed):
        return report([failed("workers_needed is a function",
                              f"it is a {type(workers_needed).__name__}: define it with def workers_needed(…): …")])
    results = []
    for target, wait_ms in SIZING_CASES:
        answer, error = attempt(workers_needed, target, wait_ms)
        if answer is None and error is None and not results:
            return not_done("`workers_needed` returns None: return a whole number of workers")
        what = f"{target} req/s, each request waiting {wait_ms} ms"
        count = _whole(answer)
        if error or count is None:
            results.append(failed(what, error or f"it returned {answer!r}: return a whole number of workers"))
        elif count < 1 or predicted_throughput(count, wait_ms) < target - 1e-9:
            served = count * 1000.0 / wait_ms
            results.append(failed(what, f"{count} workers serve about {served:g} req/s: too few (round up)"))
        else:
            results.append(point(count == fewest_workers(target, wait_ms), what,
                                 f"{count} workers is more than the law asks for: round the quotient up, no further"))
    return report(results)


# --- reading a ratio from a measurement ----------------------------------------------------------------------


def rounds_ratios(rows: pd.DataFrame, numerator: str, denominator: str, concurrency: int) -> list[float]:
    """Each round's requests per second of ``numerator`` over ``denominator`` at ``concurrency``, by round."""
    at = rows[rows["concurrency"] == concurrency]
    rounds = at.pivot_table(index="run", columns="framework", values="requests_per_s", aggfunc="mean")
    if numerator not in rounds or denominator not in rounds:
        return []
    return list((rounds[numerator] / rounds[denominator]).dropna())


def _reading(ratios: list[float], numerator: str, denominator: str) -> str:
    said = verdict(min(ratios), max(ratios), numerator, denominator)
    return "tie" if said.startswith("tie") else numerator if said.startswith(numerator) else denominator


def _numbers(values) -> list[float] | None:
    try:
        numbers = [float(value) for value in values]
    except (TypeError, ValueError):
        return None
    return numbers if all(math.isfinite(value) for value in numbers) else None


def _same(given: list[float], expected: list[float]) -> bool:
    return len(given) == len(expected) and all(
        abs(a - b) <= TOLERANCE * max(1.0, abs(b)) for a, b in zip(sorted(given), sorted(expected), strict=True))


def check_ratio_reading(rows: pd.DataFrame, rounds_at_8, reading_at_8, numerator: str = "flask-marshmallow",
                        denominator: str = "drf", concurrency: int = 8) -> int | None:
    """Lesson Scalability: each round's ratio at 8 connections, and what the course's rule allows one to say."""
    if rounds_at_8 is None and reading_at_8 is None:
        return not_done("set `rounds_at_8` and `reading_at_8` (see the task), and run this again")
    expected = rounds_ratios(rows, numerator, denominator, concurrency)
    given = _numbers(rounds_at_8) if rounds_at_8 is not None and not isinstance(rounds_at_8, str) else None
    results = []
    if given is None:
        results += [failed("one ratio per round", "make `rounds_at_8` a list of numbers, one per round"),
                    failed(f"each round's ratio, {numerator} ÷ {denominator}", "see the line above")]
    else:
        results.append(point(len(given) == len(expected), "one ratio per round",
                             f"you gave {len(given)} numbers: keep the rows at {concurrency} connections, one ratio "
                             "per run"))
        inverted = _same([1 / value for value in given if value], expected) and 0 not in given
        results.append(point(_same(given, expected), f"each round's ratio, {numerator} ÷ {denominator}",
                             f"these are {denominator} ÷ {numerator}: put {numerator}'s req/s on top" if inverted
                             else f"divide the two frameworks' req/s within each run, at {concurrency} connections"))
    said = str(reading_at_8).strip().lower() if reading_at_8 is not None else None
    if said not in READINGS:
        results.append(failed("the reading by the course's rule",
                              f"say one of {', '.join(repr(reading) for reading in READINGS)}"))
    else:
        results.append(point(said == _reading(expected, numerator, denominator), "the reading by the course's rule",
                             "a side wins only if every round is over 25 % ahead: read the lowest and highest"))
    return report(results)


# --- plain Django against DRF, measured -------------------------------------------------------------------------

RATIO_KEYS = {"median": "median", "lowest": "lowest", "highest": "highest"}


def _three_numbers(table) -> dict | None:
    """The median, lowest and highest of a ratio: from ratio_spread's table (one row), a Series or a dict."""
    if isinstance(table, pd.DataFrame):
        if len(table) != 1:
            return None
        table = table.iloc[0].to_dict()
    elif isinstance(table, pd.Series):
        table = table.to_dict()
    if not isinstance(table, dict):
        return None
    found = {}
    for name in RATIO_KEYS:
        keys = [key for key in table if name in str(key).lower()]
        if len(keys) != 1:
            return None
        try:
            found[name] = float(table[keys[0]])
        except (TypeError, ValueError):
            return None
    return found


NUMERIC = ["workers", "concurrency", "run", "requests_per_s", "errors"]


def _rows_points(rows: pd.DataFrame, rounds: int) -> tuple[list, pd.DataFrame | None]:
    """The points on how the rows were measured, and the rows with their numeric columns as numbers."""
    needed = {"framework", "server", *NUMERIC}
    missing = needed - set(rows.columns)
    if missing:
        return [failed("the measurement's rows",
                       f"they lack {sorted(missing)}: keep measure_side_by_side's rows")], None
    rows = rows.assign(**{column: pd.to_numeric(rows[column], errors="coerce") for column in NUMERIC})
    not_numbers = [column for column in NUMERIC if rows[column].isna().any()]
    if not_numbers:
        return [failed("the measurement's rows",
                       f"{not_numbers} hold values that are not numbers: keep measure_side_by_side's rows")], None
    rows = rows.assign(framework=rows["framework"].astype(str), server=rows["server"].astype(str))
    runs = rows.groupby("framework")["run"].apply(lambda runs: sorted(set(runs)))
    return [
        point(set(rows["framework"]) == {"django", "drf"}, "both stacks measured, and only them",
              f"the rows hold {sorted(set(rows['framework']))}: serve the rungs 'django' and 'drf'"),
        point((rows["server"] == "gunicorn").all() and (rows["workers"] == 2).all(),
              "the same server for both: gunicorn, 2 sync workers",
              "serve each with server='gunicorn' and workers=2"),
        point((rows["concurrency"] == 8).all(), "8 concurrent connections", "measure at concurrency 8 only"),
        point(len(runs) == 2 and all(len(value) >= rounds for value in runs) and runs.iloc[0] == runs.iloc[-1],
              f"{rounds} rounds, each measuring both in turn", "measure both together, repeat=ROUNDS"),
        point(int(rows["errors"].sum()) == 0, "no errors", "some requests failed: were both servers still running?"),
    ], rows


def check_django_vs_drf(django_vs_drf, django_over_drf, rounds: int) -> int | None:
    """Lesson Scalability: plain Django and DRF measured like for like, and the ratio Django ÷ DRF read from them."""
    if django_vs_drf is None:
        return not_done("measure the two stacks into `django_vs_drf` (see the task), and run this again")
    if not isinstance(django_vs_drf, pd.DataFrame) or django_vs_drf.empty:
        return report([failed("the measurement's rows", "make `django_vs_drf` the table measure_side_by_side returns")])
    results, rows = _rows_points(django_vs_drf, rounds)
    if rows is None or not results[0].passed:
        return report(results)
    ratios = rounds_ratios(rows, "django", "drf", 8)
    if not ratios:
        results.append(failed("the ratio Django ÷ DRF, with its spread",
                              "no round measured both stacks at 8 connections: see the lines above"))
        return report(results)
    given = _three_numbers(django_over_drf)
    if given is None:
        results.append(failed("the ratio Django ÷ DRF, with its spread",
                              "make `django_over_drf` ratio_spread's table (or a dict: median, lowest, highest)"))
        return report(results)
    expected = {"median": pd.Series(ratios).median(), "lowest": min(ratios), "highest": max(ratios)}
    same = all(abs(given[name] - expected[name]) <= TOLERANCE * max(1.0, expected[name]) for name in expected)
    inverted = all(given[name] and abs(1 / given[name] - expected[other]) <= TOLERANCE * max(1.0, expected[other])
                   for name, other in (("median", "median"), ("lowest", "highest"), ("highest", "lowest")))
    results.append(point(same, "the ratio Django ÷ DRF, with its spread, from these rows",
                         "that is DRF ÷ Django: put Django's req/s on top" if inverted
                         else "divide round by round in `django_vs_drf` (ratio_spread does)"))
    return report(results)
