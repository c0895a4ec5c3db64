"""apilab.lessons.decision_guide: requirements in, a recommendation with reasons out; evidence quoted; bad input refused."""

import pandas as pd
import pytest

from apilab.lessons.decision_guide import (
    FLAGS,
    USE_CASES,
    benchmark_evidence,
    compare_use_cases,
    recommend,
    recommend_use_case,
)


def test_the_material_use_cases_get_the_material_answers():
    table = compare_use_cases()
    assert table.recommendation.to_dict() == {
        "notification microservice": "Flask", "prototype": "Flask", "IoT / serverless": "Flask",
        "e-commerce platform": "Django", "social media application": "Django", "enterprise API": "Django",
    }


def test_scores_are_the_sum_of_the_reasons_weights():
    result = recommend(size="large", needs_admin=True, prototype=True)
    table = result.table()
    for framework in ("Flask", "Django"):
        assert result.scores[framework] == table.loc[table.favours == framework, "weight"].sum()
    assert result.framework == "Django"  # 2 + 3 against 2


def test_a_close_call_is_either_and_team_experience_can_decide_it():
    assert recommend().framework == "either"  # nothing stated
    balanced = dict(size="medium", microservice=True, user_accounts=True)
    assert recommend(**balanced).framework == "either"
    assert recommend(**balanced, team_knows="flask").framework == "Flask"
    assert recommend(**balanced, team_knows="django").framework == "Django"


def test_requirements_set_to_false_add_nothing():
    assert recommend(needs_admin=False, serverless=False).reasons == []


def test_evidence_is_quoted_in_the_reasons():
    evidence = {"flask_worker_mib": 31.6, "drf_worker_mib": 54.2, "flask_first_answer_s": 0.2,
                "drf_first_answer_s": 0.45, "flask_per_drf_throughput": 2.54}
    text = str(recommend_use_case("IoT / serverless", evidence=evidence))
    assert "32 MiB" in text and "54 MiB" in text and "0.45 s" in text
    assert "2.5x" in str(recommend_use_case("notification microservice", evidence=evidence))
    assert "measured" not in str(recommend_use_case("IoT / serverless"))


def test_changes_to_a_use_case_can_change_the_answer():
    assert recommend_use_case("prototype").framework == "Flask"
    grown = recommend_use_case("prototype", needs_admin=True, user_accounts=True, relational_data=True)
    assert grown.framework == "Django"


def test_markdown_lists_every_reason():
    result = recommend_use_case("e-commerce platform")
    markdown = result._repr_markdown_()
    assert markdown.startswith("**Django**") and markdown.count("\n- ") == len(result.reasons)


@pytest.mark.parametrize("call, error", [
    (lambda: recommend(size="huge"), ValueError),
    (lambda: recommend(team_knows="rails"), ValueError),
    (lambda: recommend(admin=True), TypeError),
    (lambda: recommend(needs_admin="yes"), ValueError),
    (lambda: recommend(evidence={"speed": 1.0}), ValueError),
    (lambda: recommend(evidence=[1]), TypeError),
    (lambda: recommend_use_case("blog"), ValueError),
])
def test_bad_input_is_a_clear_error(call, error):
    with pytest.raises(error):
        call()


def test_every_use_case_uses_known_requirements():
    for requirements in USE_CASES.values():
        assert set(requirements) - {"size"} <= set(FLAGS)


def test_benchmark_evidence_is_the_median_side_by_side_ratio(tmp_path):
    rows = []
    for server, flask, drf in [("a", 300.0, 100.0), ("b", 200.0, 100.0), ("c", 500.0, 100.0)]:
        rows += [{"framework": "flask", "server_label": server, "concurrency": 8, "requests_per_s": flask},
                 {"framework": "drf", "server_label": server, "concurrency": 8, "requests_per_s": drf}]
    path = tmp_path / "results.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    assert benchmark_evidence(path) == {"flask_per_drf_throughput": 3.0}
    pd.DataFrame(rows).drop(columns="server_label").to_csv(path, index=False)
    with pytest.raises(ValueError, match="server_label"):
        benchmark_evidence(path)
