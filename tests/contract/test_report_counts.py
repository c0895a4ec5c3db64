"""A report counts each check once, and failures that share a cause are said once."""

from apilab.contract.client import Exchange, path_pattern
from apilab.contract.report import CheckResult, ContractReport, failures_by_cause, per_check


def test_a_check_run_with_two_sets_of_values_counts_once_and_fails_if_either_run_failed():
    results = [CheckResult("create", "201", True), CheckResult("create", "201", False, "other values: got 200"),
               CheckResult("list", "ordered", True), CheckResult("list", "ordered", True)]
    counted = per_check(results)
    assert [(r.check, r.passed) for r in counted] == [("201", False), ("ordered", True)]
    assert counted[0].message == "other values: got 200"


def test_failures_with_one_cause_are_grouped_and_the_others_stay_apart():
    cause = "POST /api/products/<id>/ answered 200; the contract says 201"
    results = [CheckResult("create", "a", False, "x", cause), CheckResult("create", "b", False, "y", cause),
               CheckResult("errors", "c", False, "z"), CheckResult("create", "d", True)]
    assert [(head, [r.check for r in failed]) for head, failed in failures_by_cause(results)] == [
        (cause, ["a", "b"]), ("[errors] c", ["c"])]


def test_the_cause_names_the_status_only_when_it_differs():
    assert path_pattern("/api/products/17/?page=2") == "/api/products/<id>/"
    created = Exchange("POST", "/api/products/", status=200)
    assert created.status_cause("201 with the product") == "POST /api/products/ answered 200; the contract says 201"
    assert created.status_cause("200 with the product") == ""
    assert Exchange("GET", "/api/products/3/").status_cause("200") == "GET /api/products/<id>/ got no response"


def test_two_reports_add_up_to_one_with_every_check():
    first = ContractReport("Your server", [CheckResult("list", "a", True)], ("list",))
    second = ContractReport("Each create_app() has its own store", [CheckResult("fresh", "b", False, "x")], ("fresh",))
    both = first + second
    assert len(both.results) == 2 and both.groups == ("list", "fresh") and not both.passed
    assert both.title == "Your server, and each create_app() has its own store"
