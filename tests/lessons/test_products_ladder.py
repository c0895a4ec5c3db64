"""The ladder table: lines per rung, lines each rung removed, and the contract result of each."""

import pytest

from apilab.contract.report import CheckResult, ContractReport
from apilab.lessons.products_ladder import Ladder


def two_lines():
    first = 1
    return first


def one_line():
    return 1


def report(passed: int, failed: int = 0) -> ContractReport:
    results = [CheckResult("create", f"check {n}", True) for n in range(passed)]
    results += [CheckResult("create", f"failing {n}", False, "POST /api/products/: expected 201; got 500")
                for n in range(failed)]
    return ContractReport("Products API contract", results, ("create",))


def test_table_counts_lines_and_what_each_rung_removed_per_framework():
    ladder = Ladder()
    ladder.record("DRF", "functions", report(3), two_lines, one_line)
    ladder.record("DRF", "classes", report(3), one_line)
    ladder.record("Flask", "functions", report(2, failed=1), two_lines)
    table = ladder.table()
    assert list(table["lines"]) == [5, 2, 3]   # the def lines count too
    assert list(table["lines removed"].astype(object).where(table["lines removed"].notna(), None)) == [None, 3, None]
    assert list(table["contract"]) == ["3/3 passed", "3/3 passed", "2/3 passed"]
    assert not ladder.all_passed


def test_recording_a_rung_again_replaces_it():
    ladder = Ladder()
    ladder.record("DRF", "functions", report(1, failed=1), two_lines)
    ladder.record("DRF", "functions", report(2), two_lines)
    assert len(ladder.table()) == 1 and ladder.all_passed


def test_an_empty_ladder_has_not_passed():
    assert not Ladder().all_passed


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="run_checks"):
        Ladder().record("DRF", "functions", "74/74", two_lines)
    with pytest.raises(TypeError, match="count their lines"):
        Ladder().record("DRF", "functions", report(1))
