"""Exercise 3's checks on plain data: the same rules inside the notebook and in the grader."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from apilab.exercises import (
    kernel,  # noqa: E402
    scaling,  # noqa: E402
)
from apilab.exercises.scaling import rules as checks  # noqa: E402

RESULTS = pd.DataFrame({
    "framework": ["Flask"] * 3 + ["Django"] * 3,
    "concurrency": [1, 2, 4] * 2,
    "requests_per_s": [900.0, 1600.0, 2500.0, 700.0, 1200.0, 1800.0],
    "p50_ms": [1.0, 1.2, 1.5, 1.3, 1.6, 2.0],
    "p99_ms": [2.0, 2.5, 3.5, 2.6, 3.1, 4.0],
})


def found(results=RESULTS) -> dict:
    return checks.results_found({"results": results})


def figure_of(results=RESULTS, errorbars=False) -> dict:
    fig, ax = plt.subplots()
    for name, rows in results.groupby("framework"):
        if errorbars:
            ax.errorbar(rows["concurrency"], rows["requests_per_s"], yerr=1.0, label=name)
        else:
            ax.plot(rows["concurrency"], rows["requests_per_s"], label=name)
    ax.set(xlabel="concurrency", ylabel="requests/s")
    data = checks.figure_found({"fig": fig})
    plt.close(fig)
    return data


def test_a_measured_table_and_its_plot_pass_every_check():
    for hidden in (False, True):
        assert checks.results_table_problem(found(), hidden=hidden) == ""
        assert checks.results_numbers_problem(found(), hidden=hidden) == ""
        assert checks.fig_lines_problem(figure_of(), found(), hidden=hidden) == ""
        assert checks.fig_lines_problem(figure_of(errorbars=True), found(), hidden=hidden) == ""
    assert checks.fig_axes_problem(figure_of()) == ""


def test_the_data_round_trips_through_json_with_its_types():
    import json

    data = json.loads(json.dumps(found(RESULTS.assign(concurrency=RESULTS["concurrency"].astype(str)))))
    assert "whole numbers" in checks.results_table_problem(data, hidden=True)
    assert checks.results_table_problem(json.loads(json.dumps(found())), hidden=True) == ""


def test_each_rule_says_what_it_expected_and_found():
    assert "found list" in checks.results_table_problem(checks.results_found({"results": [1]}))
    assert "no variable named fig" in checks.fig_axes_problem(checks.figure_found({}))
    repeated = found(pd.concat([RESULTS, RESULTS.iloc[:1]]))
    assert "repeated rows for [('Flask', '1')]" in checks.results_table_problem(repeated)
    inverted = found(RESULTS.assign(p99_ms=0.5))
    assert checks.results_numbers_problem(inverted) == ""
    assert "p50_ms should be at most p99_ms" in checks.results_numbers_problem(inverted, hidden=True)
    other = figure_of(RESULTS.assign(requests_per_s=RESULTS["p50_ms"]))
    assert checks.fig_lines_problem(other, found()) == ""
    assert "the line 'Django' should plot concurrency [1.0, 2.0, 4.0]" in checks.fig_lines_problem(
        other, found(), hidden=True)


def test_an_endpoint_answer_is_judged_on_status_type_and_body():
    import json

    good = {"status": 200, "content_type": "application/json", "text": json.dumps(checks.PRODUCTS)}
    assert checks.endpoint_problem("scaling_flask:app", good) == ""
    wrapped = {**good, "text": json.dumps({"products": checks.PRODUCTS})}
    assert "should return PRODUCTS, found {" in checks.endpoint_problem("scaling_flask:app", wrapped)
    assert "should start under waitress; it failed with: boom" in checks.endpoint_problem(
        "scaling_django:application", {"error": "boom"})


def test_the_measured_rule_names_both_numbers():
    data = {"columns": ["framework", "concurrency", "requests_per_s"],
            "rows": [["Flask", 1, 100.0], ["Flask", 4, 90000.0], ["Django", 4, 800.0]]}
    assert checks.levels_to_measure(data) == {"flask": 4, "django": 4}
    problem = checks.measured_problem(data, {"flask": {"requests_per_s": 1000.0}, "django": {"requests_per_s": 1000.0}})
    assert "Flask at concurrency 4: results says 90000 requests/s" in problem and "gives 1000" in problem
    assert "Django" not in problem


def test_a_re_measurement_out_of_range_is_taken_again_and_made_up_numbers_stay_out(monkeypatch):
    """A burst of load elsewhere during the notebook's short re-measurement does not fail a measured table."""
    from apilab.exercises.scaling import probe

    monkeypatch.setattr(probe, "PAUSE", 0.0)
    monkeypatch.setattr(probe, "_remeasured", {("apps", "flask", 4): 90.0, ("other", "flask", 4): 1.0})
    rates = iter([100.0, 2000.0, 1500.0])  # django, then (both again) django and flask: a burst, then quiet
    calls = []

    def remeasure(app_folder, key, concurrency):  # the signature a learner's kernel may replace it with
        calls.append((key, concurrency, dict(probe._remeasured)))
        rate = probe._remeasured.get((app_folder, key, concurrency)) or next(rates)
        probe._remeasured[(app_folder, key, concurrency)] = rate
        return rate

    monkeypatch.setattr(probe, "remeasure", remeasure)
    assert probe.measured_problem_here(found(), "apps") == ""
    assert [call[:2] for call in calls] == [("django", 4), ("flask", 4), ("django", 4), ("flask", 4)]
    assert ("apps", "flask", 4) not in calls[2][2] and ("other", "flask", 4) in calls[2][2]  # forgot only these

    typed = found(RESULTS.assign(requests_per_s=RESULTS["requests_per_s"] * 100))
    calls.clear()
    monkeypatch.setattr(probe, "remeasure", lambda *args, **kwargs: calls.append(args) or 2000.0)
    assert "a short re-measurement of your app gives 2000" in probe.measured_problem_here(typed, "apps")
    assert len(calls) == 2 * probe.TRIES


def test_a_warning_inside_a_check_is_a_note_on_stdout(capsys):
    @kernel.noted
    def check():
        warnings.warn("a learner's pandas call is deprecated", FutureWarning, stacklevel=1)
        return ""

    assert check() == ""
    out, err = capsys.readouterr()
    assert err == ""
    assert "note (costs nothing): FutureWarning: a learner's pandas call is deprecated" in out


def test_the_summary_shows_each_test_cell_run_and_its_first_problem(monkeypatch):
    kernel._recorded.pop("03-scaling", None)
    runs = iter([1, 1, 2])
    monkeypatch.setattr(scaling, "_run_number", lambda: next(runs))
    scaling.verdict("results_table", "")
    with pytest.raises(AssertionError, match="no framework column"):
        scaling.verdict("results_table", "no framework column")  # the same run: its problem stands
    table = kernel.summary(scaling.SCALING).set_index("test cell")
    assert table.loc["results_table", "points"] == 0
    assert table.loc["results_table", "first failure"].endswith("no framework column")
    assert table.loc["fig_axes_labelled", "first failure"] == "not run"
    scaling.verdict("results_table", "")  # run again, fixed
    table = kernel.summary(scaling.SCALING).set_index("test cell")
    assert table.loc["results_table", "points"] == 2 and table.loc["total", "points"] == 2
    assert table.loc["total", "of"] == 9


def test_a_table_measured_again_against_slow_apps_must_show_them():
    """The grader runs the learner's measurement again against stand-ins it answers after a secret delay (200 ms
    here): a measured table then shows every median latency at least 160 ms, no more requests per second than
    its clients can finish, the learner's own apps faster at some level; a typed table cannot be all of these."""
    served = {"flask": 30, "django": 30}
    slowed = RESULTS.assign(p50_ms=RESULTS["p50_ms"] + 200, p99_ms=RESULTS["p99_ms"] + 250,
                            requests_per_s=RESULTS["concurrency"] * 1000 / 210)
    assert checks.measured_against_delay_problem(found(), found(slowed), 200, served) == ""
    cold_start = RESULTS.assign(p50_ms=[615.0, 1.2, 1.5, 252.0, 1.6, 2.0])  # a first request timed, not warmed up
    assert checks.measured_against_delay_problem(found(cold_start), found(slowed), 200, served) == ""
    typed = checks.measured_against_delay_problem(found(), found(), 200, served)
    assert "Django at concurrency 1: p50_ms 1.3 in that run" in typed
    slow_typed = RESULTS.assign(p50_ms=300.0)
    assert "p50_ms is 160 or more at every level in your table too" in checks.measured_against_delay_problem(
        found(slow_typed), found(slow_typed), 200, served)
    too_fast = checks.measured_against_delay_problem(found(), found(slowed.assign(requests_per_s=800.0)), 200, served)
    assert "800 requests/s in that run, more than its clients could finish (7.5)" in too_fast
    unasked = checks.measured_against_delay_problem(found(), found(slowed), 200, {"flask": 12})
    assert "in that run no request reached the django app" in unasked
    fewer = checks.measured_against_delay_problem(found(), found(slowed.iloc[:3]), 200, served)
    assert "Django at concurrency 1: no p50_ms in that run" in fewer
    broken = checks.measured_against_delay_problem(found(), {"problem": "no variable named results"}, 200, served)
    assert broken.endswith("in that run: no variable named results")


def test_the_stand_in_apps_are_answered_by_the_grader_after_its_delay_and_counted():
    import json
    import time

    from apilab.exercises.scaling import standins

    with standins.StandIns(checks.PRODUCTS, delay_ms=50) as answering:
        assert standins.DELAY_RANGE_MS[0] <= standins.StandIns([]).delay_ms <= standins.DELAY_RANGE_MS[1]
        source = standins.app_source("scaling_django.py", answering.address)
        assert "50" not in source.replace(answering.address, "")  # the delay is the grader's alone
        namespace = {}
        exec(source, namespace)
        started, answered = time.monotonic(), []
        body = namespace["application"]({"REQUEST_METHOD": "GET"}, lambda status, headers: answered.append(status))
        assert time.monotonic() - started >= 0.045 and answered == ["200 OK"]
        assert json.loads(b"".join(body)) == checks.PRODUCTS
        assert answering.served == {"django": 1}


def test_the_stand_ins_count_every_connection_and_answer_only_their_apps():
    import socket

    from apilab.exercises.scaling import standins

    with standins.StandIns(checks.PRODUCTS, delay_ms=1) as answering:
        for tag in (b"nonsense\n", b"flask\n"):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(5)
                connection.connect(answering.address)
                connection.sendall(tag)
                answered = connection.recv(65536)
            assert bool(answered) == (tag == b"flask\n")
        assert answering.accepted == 2 and answering.served == {"flask": 1}
