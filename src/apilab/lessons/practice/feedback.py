"""How every self-check cell speaks: one short line per point, a hint only on what failed.

``report([passed(...), failed(...)])`` prints ``✓ what`` or ``✗ what: hint`` per point (a hint
too long for the line goes on indented lines under it, never cut) and a last line ("All checks
passed." or "2 of 5 checks to fix."), and returns the number that failed, which a notebook does
not echo under the check's lines.
``not_done(...)`` prints "not done yet: …" and returns None. ``attempt(...)`` runs a learner's
function and turns whatever it raises into a failed point instead of a traceback.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass

LINE_LIMIT = 120
ALL_PASSED = "All checks passed."
NOT_DONE = "not done yet"


@dataclass(frozen=True)
class Point:
    """One thing a check looked at: whether it passed, what it was, and a hint for when it did not."""

    passed: bool
    what: str
    hint: str = ""


def passed(what: str) -> Point:
    return Point(True, what)


def failed(what: str, hint: str) -> Point:
    return Point(False, what, hint)


def point(ok: bool, what: str, hint: str) -> Point:
    """A point that passed when ``ok`` is true, else failed with ``hint``."""
    return Point(bool(ok), what, hint)


def one_line(text: str, limit: int = LINE_LIMIT) -> str:
    """``text`` on one line of at most ``limit`` characters (control characters dropped, the end cut with …)."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def not_done(what_to_do: str) -> None:
    """Say the answer is not there yet and what to do; the check returns this None."""
    print(one_line(f"{NOT_DONE}: {what_to_do}"))
    return None


class Failures(int):
    """How many points failed: an int that a notebook does not echo as ``Out[…]: 0`` under the lines."""

    def _ipython_display_(self) -> None:
        return None


HINT_INDENT = "    "


def point_lines(item: Point) -> list[str]:
    """A point as printed: one line, or its hint on indented lines under it when one line cannot hold both."""
    if item.passed:
        return [one_line(f"✓ {item.what}")]
    line = one_line(f"✗ {item.what}: {item.hint}", limit=10**6)
    if len(line) <= LINE_LIMIT:
        return [line]
    hint = one_line(item.hint, limit=10**6)
    return [one_line(f"✗ {item.what}:")] + textwrap.wrap(
        hint, LINE_LIMIT, initial_indent=HINT_INDENT, subsequent_indent=HINT_INDENT)


def report(points: list[Point]) -> Failures:
    """Print one line per point (a long hint under it) and a closing line; return how many points failed."""
    for item in points:
        for line in point_lines(item):
            print(line)
    failures = sum(not item.passed for item in points)
    print(ALL_PASSED if not failures else f"{failures} of {len(points)} checks to fix.")
    return Failures(failures)


def attempt(function: Callable, *args, **kwargs) -> tuple[object, str | None]:
    """Call a learner's function: ``(result, None)``, or ``(None, "ValueError: …")`` when it raised."""
    try:
        return function(*args, **kwargs), None
    except KeyboardInterrupt:
        raise  # the learner stopping the cell, not their answer failing
    except BaseException as error:  # the learner's code, even pytest.fail() or sys.exit(): feedback, never a traceback
        return None, one_line(f"{type(error).__name__}: {error}", 80)
