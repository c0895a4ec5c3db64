"""The grading page quotes the committed class-grading benchmark (benchmarks/results/autograde_class.txt) as it is."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def figure(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found, f"benchmarks/results/autograde_class.txt has no line matching {pattern!r}"
    return found.group(1)


def test_the_grading_page_quotes_the_committed_grading_benchmark():
    results = (REPO_ROOT / "benchmarks" / "results" / "autograde_class.txt").read_text()
    page = " ".join((REPO_ROOT / "site" / "grading.md").read_text().split())
    ideal = figure(r"verified grading / the ideal .*?: (\d\.\d\d)x", results)
    minutes = figure(r"(\d+) min per 1,000 submissions on", results)
    twice = figure(r"before checks_once .*?: (\d\.\d\d)x", results)
    twice_minutes = figure(r"before checks_once .*?;\s+(\d+) min per 1,000", results)
    alone = figure(r"plain executions alone, .*?, (\d\.\d\d)x the ideal", results)
    versus_alone = figure(r"verified grading / that: (\d\.\d\d)x", results)
    versus_nbgrader = figure(r"with / without: (\d\.\d\d)x", results)
    verification = float(figure(r"verification \(the check from outside\):\s+(\d\.\d\d)", results))
    over_tcp = figure(r"the ideal from plain executions over TCP instead .*?: (\d\.\d\d)x", results)
    for quoted in (f"verified grading takes {ideal}x the ideal", f"about {minutes} minutes per 1,000 submissions",
                   f"took {twice}x ({twice_minutes} minutes)", f"one per CPU at once, took {alone}x it",
                   f"verified grading took {versus_alone}x that", f"nbgrader's autograde alone ({versus_nbgrader}x)",
                   f"({verification:.1f} CPU-s per submission", f"gives {over_tcp}x in the same run"):
        assert quoted in page, f"site/grading.md should say {quoted!r}, as the committed benchmark does"
