"""apilab.lessons.decision_guide: requirements in, a recommendation with reasons out, bad input refused."""

import pandas as pd
import pytest

from apilab.lessons.decision_guide import (
    FLAGS,
    USE_CASES,
    benchmark_evidence,
    compare_use_cases,
    measured_weight,
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
    balanced = dict(size="medium", prototype=True, user_accounts=True)
    assert recommend(**balanced).framework == "either"
    assert recommend(**balanced, team_knows="flask").framework == "Flask"
    assert recommend(**balanced, team_knows="django").framework == "Django"


def test_requirements_set_to_false_add_nothing():
    assert recommend(needs_admin=False, serverless=False).reasons == []


EVIDENCE = {"flask_worker_mib": 31.6, "drf_worker_mib": 54.2, "flask_first_answer_s": 0.2,
            "drf_first_answer_s": 0.45, "flask_per_drf_throughput": 1.3}


def test_measured_weights_follow_the_written_rule():
    assert [measured_weight(a) for a in (1.0, 1.24, 1.25, 1.49, 1.5, 1.75, 2.0, 9.0)] == [0, 0, 1, 1, 2, 3, 3, 3]
    with pytest.raises(ValueError):
        measured_weight(0.9)
    serverless = recommend_use_case("IoT / serverless", evidence=EVIDENCE).table()
    measured = serverless[serverless["set by"].str.startswith("measured")].set_index("weight")
    # 54.2 / 31.6 = 1.72 -> 2 points. The start-up times are not weighed: one gunicorn start is not a cold start.
    assert list(measured.index) == [2] and set(measured.favours) == {"Flask"}
    assert "×1.72" in measured.loc[2, "set by"]
    assert not any("first answer" in reason for reason in serverless["reason"])


def test_a_measurement_that_favours_django_gives_django_the_points():
    evidence = {**EVIDENCE, "flask_per_drf_throughput": 0.5}  # DRF twice as fast
    reason = recommend(throughput_per_instance=True, evidence=evidence).table().iloc[0]
    assert (reason.favours, reason.weight) == ("Django", 3)
    tie = recommend(throughput_per_instance=True, evidence={"flask_per_drf_throughput": 1.1})
    assert tie.scores == {"Flask": 0, "Django": 0} and "a tie" in tie.table().reason[0]


def test_every_weight_says_whether_it_was_measured_or_set_by_hand():
    for name in USE_CASES:
        sources = set(recommend_use_case(name, evidence=EVIDENCE).table()["set by"])
        assert all(source == "hand-set" or source.startswith("measured: ") for source in sources)
    unmeasured = recommend_use_case("notification microservice").table()
    assert set(unmeasured.loc[unmeasured["set by"] == "not measured", "weight"]) == {0}
    assert "not measured" in set(unmeasured["set by"])


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


def test_benchmark_evidence_is_the_like_for_like_ladder_ratio(tmp_path):
    rows = [{"framework": rung, "run": run, "requests_per_s": rate}
            for rung, rates in {"flask": [900.0, 1100.0], "flask-marshmallow": [500.0, 700.0],
                                "drf": [400.0, 400.0]}.items()
            for run, rate in enumerate(rates)]
    path = tmp_path / "ladder.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    # The median of the rounds' ratios, 500 / 400 and 700 / 400; not Flask + raw SQL's 1000 / 400.
    assert benchmark_evidence(path) == {"flask_per_drf_throughput": 1.5}
    pd.DataFrame(rows).query("framework != 'flask-marshmallow'").to_csv(path, index=False)
    with pytest.raises(ValueError, match="flask-marshmallow"):
        benchmark_evidence(path)


def test_security_is_weighed_by_threat_and_authentication_style():
    """CSRF weighs only for cookie logins; XSS and SQL injection are a tie and weigh nothing."""
    token_api = recommend(size="medium", security_critical=True)
    cookie_site = recommend(size="medium", security_critical=True, browser_sessions=True)
    assert cookie_site.scores["Django"] == token_api.scores["Django"] + 1
    assert any("CSRF" in reason for *_, reason in cookie_site.reasons)
    assert not any("CSRF" in reason for *_, reason in token_api.reasons)
    assert not any("XSS" in reason or "injection" in reason for *_, reason in cookie_site.reasons)
