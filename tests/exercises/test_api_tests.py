"""Exercise 5's parts: the buggy builds, the api fixture, a run's report, and how runs become checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apilab.exercises import api_tests
from apilab.exercises.api_tests import builds, suite_runs
from apilab.exercises.api_tests.suite_runs import Evaluation, Run
from apilab.lessons.buggy_builds import MAKERS, build_from_source

SOLUTION_SUITE = Path(__file__).resolve().parents[2] / "solutions" / "05-api-tests"


def _run(build, **outcomes):
    return Run(build, {test: (outcome, "" if outcome == "passed" else "boom") for test, outcome in outcomes.items()})


def _evaluation(correct: dict, **bug_runs) -> Evaluation:
    runs = {key: _run(key, **correct) for key in ("flask#1", "flask#2", "drf#1", "drf#2")}
    runs.update({name: _run(name, **outcomes) for name, outcomes in bug_runs.items()})
    return Evaluation(runs)


def test_each_buggy_build_answers_something_the_correct_build_does_not():
    from flask.testing import FlaskClient

    def exchanges(app) -> list:
        client: FlaskClient = app.test_client()
        seen = [client.post("/api/products/", json={"name": "Lamp", "price_cents": 5, "in_stock": False}),
                client.get("/api/products/")]
        seen += [client.post("/api/products/", json={"name": "  ", "price_cents": -1})]
        seen += [client.patch("/api/products/1/", json={"price_cents": 7}), client.put("/api/products/1/", json={
            "name": "Desk", "price_cents": 1}), client.get("/api/products/"), client.get("/api/products/1/"),
            client.delete("/api/products/1/"), client.get("/api/products/1/"), client.get("/api/products/9/"),
            client.put("/api/products/", json={})]
        seen += [client.post("/api/products/", json={"name": "Lamp", "price_cents": -1})]
        return [(r.status_code, r.get_data(), r.headers.get("Allow"), r.mimetype) for r in seen]

    from apilab.lessons.products_builds import create_flask_app

    correct = exchanges(create_flask_app())
    same = [bug.name for bug in builds.BUGS if exchanges(MAKERS[bug.name]()) == correct]
    assert same == [], f"these buggy builds answer as the correct one does: {same}"
    assert [bug.name for bug in builds.BUGS] == list(MAKERS) and len(MAKERS) == 10


def test_the_plan_runs_each_correct_build_twice_each_bug_once_in_a_random_order():
    hidden = {"one": "def build(): ...", "two": "def build(): ..."}
    plans = [suite_runs.plan(hidden) for _ in range(20)]
    expected = sorted(["flask#1", "flask#2", "drf#1", "drf#2", *MAKERS, "hidden:one", "hidden:two"])
    assert all(sorted(plan) == expected for plan in plans)
    assert len({tuple(plan) for plan in plans}) > 1, "twenty plans in the same order"


def test_a_test_counts_only_when_it_passed_on_every_correct_run():
    evaluation = _evaluation({"test_a": "passed", "test_b": "passed"},
                             create_answers_200={"test_a": "failed", "test_b": "passed"})
    evaluation.runs["drf#2"] = _run("drf#2", test_a="passed", test_b="failed")
    assert evaluation.trusted() == ["test_a"]
    assert evaluation.caught_by("create_answers_200") == ["test_a"]
    assert "failed on the correct DRF build: boom" == evaluation.first_problem_on_correct("test_b")


def test_a_bug_caught_only_by_a_test_failing_on_a_correct_build_is_not_caught():
    evaluation = _evaluation({"test_a": "passed", "test_b": "failed"}, create_answers_200={"test_b": "failed"})
    [check] = [r for r in api_tests.visible_results(evaluation) if "POST answers 200" in r.check]
    assert not check.passed and "fail on a correct build too" in check.message


def test_a_suite_that_catches_nothing_earns_nothing_for_passing():
    evaluation = _evaluation({"test_a": "passed"}, **{bug.name: {"test_a": "passed"} for bug in builds.BUGS})
    results = api_tests.correct_results(evaluation, {})
    assert len(results) == 4 and not any(r.passed for r in results)
    assert "catches no buggy build" in results[0].message
    caught = _evaluation({"test_a": "passed"}, create_answers_200={"test_a": "failed"})
    assert [r.passed for r in api_tests.correct_results(caught, {})] == [True] * 4


def test_each_test_failing_on_a_correct_build_costs_half_a_point_however_many_tests_pass():
    outcomes = {f"test_{n}": "passed" for n in range(200)}
    evaluation = _evaluation(outcomes, create_answers_200={"test_0": "failed"})
    evaluation.runs["drf#1"] = _run("drf#1", **{**outcomes, "test_1": "failed", "test_2": "failed"})
    results = api_tests.correct_results(evaluation, {})
    assert [r.passed for r in results] == [False, False, True, True]
    assert api_tests.API_TESTS.cell("passes_on_correct_builds").earned(results) == 1.0
    assert results[0].check == "no test fails on a correct build" and "test_1 failed on the correct DRF" in \
        results[0].message


def test_a_catch_counts_only_when_confirmed_on_the_build_and_not_contradicted_on_the_correct_ones():
    evaluation = _evaluation({"test_a": "passed", "test_b": "passed"},
                             create_answers_200={"test_a": "failed", "test_b": "failed"},
                             delete_answers_200={"test_a": "failed"})
    confirmed = {"create_answers_200": _run("c", test_a="failed", test_b="passed"),
                 "delete_answers_200": _run("d", test_a="failed"),
                 "flask": _run("f", test_a="passed", test_b="passed"), "drf": _run("r", test_a="passed")}
    evaluation.confirmations = [confirmed, {**confirmed, "drf": _run("r", test_a="failed")}]
    assert evaluation.candidates("create_answers_200") == ["test_a", "test_b"]
    assert evaluation.caught_by("create_answers_200") == [] and evaluation.caught_by("delete_answers_200") == []
    evaluation.confirmations[1]["drf"] = _run("r", test_a="passed")
    assert evaluation.caught_by("create_answers_200") == ["test_a"]
    [check] = [r for r in api_tests.visible_results(Evaluation(evaluation.runs, [confirmed, {}]))
               if "DELETE answers 200" in r.check]
    assert not check.passed and "not every time it ran again" in check.message


@pytest.mark.timeout(300)  # 14 runs of the plan and 2 confirming rounds, each a process
def test_tests_failing_at_random_catch_next_to_nothing_once_catches_are_confirmed(tmp_path):
    folder = _suite(tmp_path, "import random\nimport pytest\n\n@pytest.mark.parametrize('n', range(150))\n"
                              "def test_rule(n):\n    assert random.random() > 0.02\n")
    evaluation = suite_runs.evaluate(folder, {}, confirm=True, budget=120)
    unconfirmed = sum(bool(evaluation.failed_on(bug.name)) for bug in builds.BUGS)
    caught = sum(bool(evaluation.caught_by(bug.name)) for bug in builds.BUGS)
    assert unconfirmed >= 5, "a random suite should seem to catch most bugs before confirmation"
    assert caught <= 2, f"{caught} buggy builds caught by tests failing at random"


def test_hidden_builds_are_numbered_in_the_checks_never_named():
    hidden = {"ids_reused": "def build(): ...", "long_name_accepted": "def build(): ..."}
    evaluation = _evaluation({"test_a": "passed"}, **{"hidden:ids_reused": {"test_a": "failed"}})
    # A suite that raises what it found about a build, at import, where the message would show:
    evaluation.runs["hidden:long_name_accepted"] = Run("hidden:long_name_accepted",
                                                       problem="the file could not be collected: LEAK: 101 chars")
    results = api_tests.hidden_results(evaluation, hidden)
    assert not any("LEAK" in r.message for r in results)
    assert [(r.check, r.passed) for r in results] == [("fails on hidden buggy build 1", True),
                                                      ("fails on hidden buggy build 2", False)]
    assert not any(name in r.check + r.message for r in results for name in hidden)


def test_a_suite_with_no_test_fails_the_first_cell_saying_so():
    evaluation = Evaluation({"flask#1": Run("flask#1", problem="the file could not be collected: NameError")})
    [result] = api_tests.correct_results(evaluation, {})
    assert not result.passed and "NameError" in result.message
    assert all(not r.passed and "NameError" in r.message for r in api_tests.visible_results(evaluation))


def test_hidden_builds_are_the_public_functions_of_the_module_read_as_a_tree_never_run():
    module = ('import os\n\nos.system("false")\n\n\ndef _helper():\n    pass\n\n\n'
              'def ids_reused():\n    return None\n')
    assert api_tests.hidden_builds(module) == {"ids_reused": module}
    assert api_tests.hidden_builds("def broken(:\n") == {} and api_tests.hidden_builds("") == {}


def test_the_instructors_hidden_builds_each_build_an_app_and_are_never_released():
    source = (SOLUTION_SUITE / "hidden_builds.py").read_text()
    hidden = api_tests.hidden_builds(source)
    assert sorted(hidden) == ["ids_reused", "in_stock_defaults_false", "long_name_accepted"]
    assert all(callable(build_from_source(text, name)) for name, text in hidden.items())
    released = SOLUTION_SUITE.parents[1] / "exercises" / "05-api-tests"
    assert sorted(path.name for path in released.iterdir()) == ["05-api-tests.ipynb"]
    assert not any(name in (released / "05-api-tests.ipynb").read_text() for name in hidden)


def test_a_runs_report_is_its_last_report_line_and_garbage_is_passed_over():
    line = json.dumps({"apilab_suite": {"outcomes": {"t": ["passed", ""]}, "collect_errors": []}})
    output = f"noise\n{line}\n{{\"apilab_suite\": [1]}}\n{{\"apilab_suite\": \n".encode()
    assert suite_runs.suite_report(output) == {"outcomes": {"t": ["passed", ""]}, "collect_errors": []}
    odd = {"outcomes": {"ok": ["passed", ""], "bad": ["won", ""], "worse": "x", "n": [1, 2]}}
    assert suite_runs._outcomes(odd) == {"ok": ("passed", "")}


def test_the_api_session_starts_paths_at_the_base_url_and_bounds_each_request():
    from apilab.contract.api_fixture import REQUEST_TIMEOUT, ApiSession

    sent = {}
    session = ApiSession("http://127.0.0.1:9/")
    session.send = lambda request, **kwargs: sent.update(url=request.url, timeout=kwargs.get("timeout"))
    session.get("/api/products/")
    assert sent == {"url": "http://127.0.0.1:9/api/products/", "timeout": REQUEST_TIMEOUT}


def _suite(tmp_path: Path, text: str) -> Path:
    (tmp_path / suite_runs.SUITE_FILE).write_text(text)
    return tmp_path


def test_a_suite_that_hangs_is_stopped_and_every_build_still_gets_a_verdict(tmp_path, monkeypatch):
    monkeypatch.setattr(suite_runs, "RUN_TIME_LIMIT", 2.0)
    monkeypatch.setattr(suite_runs, "TIME_BUDGET", 5.0)
    folder = _suite(tmp_path, "import time\n\ndef test_waits(api):\n    time.sleep(600)\n")
    evaluation = suite_runs.evaluate(folder, {})
    assert len(evaluation.runs) == 14
    problems = {run.problem for run in evaluation.runs.values()}
    assert "the run was stopped after 2 s" in problems
    assert any("every run together may take 5 s" in problem for problem in problems)
    assert sum(api_tests.API_TESTS.cell(cell).earned(api_tests.cell_results(cell, evaluation, {}))
               for cell in ("passes_on_correct_builds", "catches_visible_bugs")) == 0


def test_a_suite_flooding_its_output_is_read_up_to_a_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(suite_runs, "plan", lambda hidden: ["flask#1", "create_answers_200"])
    folder = _suite(tmp_path, 'import os\n\ndef test_floods(api):\n    os.write(1, b"x" * 50_000_000)\n'
                              '    assert api.post("/api/products/", json={"name": "a", "price_cents": 1})'
                              '.status_code == 201\n')
    evaluation = suite_runs.evaluate(folder, {})
    assert evaluation.runs["flask#1"].outcomes == {"test_floods": ("passed", "")}
    assert evaluation.caught_by("create_answers_200") == ["test_floods"]


def test_the_kernel_runs_the_suite_on_each_build_once_per_version_of_the_file(tmp_path, monkeypatch):
    calls = []
    real = suite_runs.run_once
    monkeypatch.setattr(suite_runs, "run_once", lambda *args, **kwargs: calls.append(args[1]) or real(*args, **kwargs))
    monkeypatch.setattr(suite_runs, "plan", lambda hidden: ["flask#1", "drf#1"])
    folder = _suite(tmp_path, "def test_lists(api):\n    assert api.get('/api/products/').json() == []\n")
    first = api_tests.kernel_evaluation(folder, {})
    again = api_tests.kernel_evaluation(folder, {})
    assert sorted(calls) == ["drf#1", "flask#1"] and first.trusted() == again.trusted() == ["test_lists"]
    (folder / suite_runs.SUITE_FILE).write_text("def test_lists(api):\n    assert api.get('/api/products/').json()\n")
    assert api_tests.kernel_evaluation(folder, {}).trusted() == [] and len(calls) == 4


@pytest.mark.parametrize("build", ["flask", "drf"])
def test_run_suite_shows_one_row_per_test(tmp_path, build):
    folder = _suite(tmp_path, "def test_lists(api):\n    assert api.get('/api/products/').status_code == 200\n\n"
                              "def test_wrong(api):\n    assert api.get('/api/products/').status_code == 201\n")
    table = api_tests.run_suite(build, str(folder))
    assert table.values.tolist() == [["test_lists", "passed", ""],
                                     ["test_wrong", "failed", "AssertionError: assert 200 == 201"]]


def test_every_confirming_run_runs_the_same_tests_whatever_its_build(tmp_path, monkeypatch):
    """A test that counted what was collected could tell a buggy build's confirming run from a correct one's."""
    selections = []
    real = suite_runs.run_once
    monkeypatch.setattr(suite_runs, "run_once", lambda *args, **kwargs: selections.append((args[1], args[6]))
                        or real(*args, **kwargs))
    monkeypatch.setattr(suite_runs, "plan", lambda hidden: ["flask#1", "flask#2", "drf#1", "drf#2",
                                                            "create_answers_200", "delete_answers_200"])
    folder = _suite(tmp_path, "def test_create(api):\n"
                              "    assert api.post('/api/products/', json={'name': 'a', 'price_cents': 1})"
                              ".status_code == 201\n\n"
                              "def test_delete(api):\n"
                              "    made = api.post('/api/products/', json={'name': 'a', 'price_cents': 1}).json()\n"
                              "    assert api.delete(f\"/api/products/{made['id']}/\").status_code == 204\n")
    evaluation = suite_runs.evaluate(folder, {}, confirm=True)
    confirming = [(build, select) for build, select in selections if select is not None]
    assert len(confirming) == 2 * 4  # two rounds of: two buggy builds, two correct ones
    assert {tuple(select) for _, select in confirming} == {("test_create", "test_delete")}
    assert evaluation.caught_by("create_answers_200") == ["test_create"]
    assert evaluation.caught_by("delete_answers_200") == ["test_delete"]
