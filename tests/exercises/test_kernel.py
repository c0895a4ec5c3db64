"""What every exercise's test cells share in the kernel: failed checks in few lines, hints once, a summary."""

from __future__ import annotations

from apilab.contract.report import CheckResult
from apilab.exercises import EXERCISES, kernel
from apilab.exercises.hints import hint


def test_hints_name_common_causes():
    assert "slash" in hint("[list] x: GET /api/products/ : expected 200; got 404 <!doctype html>")
    assert "AUTOINCREMENT" in hint("[delete] ids are never reused after a delete: ...")
    assert "recent_errors" in hint("[create] x: POST /api/products/ sent {}: expected 201; got 500 x")
    assert "inside create_app" in hint("[fresh_stores] x: expected []; (apps share a store: ...)")
    assert "ends with a slash" in hint("[list] paths end with a slash: GET /api/products/ answered 404")
    assert hint("[list] the list is ordered by id, ascending: ...") == ""


def test_failures_without_a_known_cause_are_cut_to_a_few_and_each_hint_shown_once():
    results = [CheckResult("create", f"check {n}", False, "POST /api/products/ sent {}: expected 201; got 500 x")
               for n in range(20)]
    lines = kernel.failure_lines(results)
    assert len([line for line in lines if line.startswith("✗ [create]")]) == kernel.SHOWN_CAUSES
    assert len([line for line in lines if "hint:" in line]) == 1
    assert lines[-1] == f"... and {20 - kernel.SHOWN_CAUSES} more failed check(s)"


def test_failures_that_share_a_cause_are_one_line_with_the_first_in_full_below_it():
    cause = "POST /api/products/ answered 200; the contract says 201"
    results = [CheckResult("create", f"check {n}", False, f"POST /api/products/ sent {{}}: expected 201; got 200 {n}",
                           cause) for n in range(6)]
    results += [CheckResult("create", "check 0", False, "other values: got 200", cause),  # the same check again
                CheckResult("list", "ordered", True)]
    lines = kernel.failure_lines(results)
    assert lines[0] == f"✗ {cause} (6 checks)"
    assert all(line.startswith(kernel.DETAIL) for line in lines[1:]) and "got 200 0" in "".join(lines[1:])
    assert not any("hint:" in line for line in lines)   # no hint matches a 200


def test_a_cell_run_again_starts_over_and_the_summary_shows_its_last_run():
    scaling = EXERCISES["03-scaling"]
    kernel._recorded.pop(scaling.assignment, None)
    first = kernel.cell_run(scaling, "results_table", 1)
    first.add([CheckResult("results_table", "a", False, "no framework column")])
    assert kernel.cell_run(scaling, "results_table", 1) is first  # the same run: its problem stands
    table = kernel.summary(scaling).set_index("test cell")
    assert table.loc["results_table", "points"] == 0 and "no framework column" in table.loc["results_table",
                                                                                            "first failure"]
    kernel.cell_run(scaling, "results_table", 2).add([CheckResult("results_table", "a", True)])
    table = kernel.summary(scaling).set_index("test cell")
    assert table.loc["results_table", "points"] == 2 and table.loc["results_table", "first failure"] == ""
    assert table.loc["fig_axes_labelled", "first failure"] == "not run"
    assert table.loc["total", "of"] == 9


def test_a_cell_the_grader_checks_from_outside_runs_no_check_and_reports_0(monkeypatch, capsys):
    from apilab.exercises import products_api

    monkeypatch.setenv(kernel.CHECKED_OUTSIDE, "check_validation,check_list_create")
    monkeypatch.setitem(kernel._recorded, "01-flask-api", {})
    made = []
    cell = products_api.FlaskCell("check_list_create")
    cell.check(lambda: made.append("an app"))          # nothing is served or checked: create_app is not called
    assert made == [] and cell.results == []
    assert cell.points() == 0.0
    assert capsys.readouterr().out == f"check_list_create: {kernel.OUTSIDE_LINE}\n"
    table = kernel.summary(EXERCISES["01-flask-api"]).set_index("test cell")
    assert table.loc["check_list_create", "first failure"] == kernel.OUTSIDE_LINE
    assert table.loc["total", ["checks passed", "checks", "points"]].isna().all()
    assert table.loc["total", "first failure"] == "points: the feedback's score"


def test_a_cell_not_listed_checks_in_the_kernel_as_always(monkeypatch):
    from apilab.exercises import products_api

    monkeypatch.setenv(kernel.CHECKED_OUTSIDE, "check_validation")
    monkeypatch.setitem(kernel._recorded, "01-flask-api", {})
    cell = products_api.FlaskCell("check_fresh_stores")
    cell.check(lambda: None)  # not a Flask app: the fresh-store checks run, and fail
    assert cell.results and not cell.outside and cell.score() == 0
