"""Self-checks of lesson Choosing: judged by the decision guide's own scores, for the learner's own requirements."""

import pytest

from apilab.lessons.decision_guide import recommend
from apilab.lessons.practice.choosing import check_project_choice, check_tipping_change

EVIDENCE = {"flask_per_drf_throughput": 1.4, "flask_worker_mib": 40.0, "drf_worker_mib": 45.0}
BOOKINGS = dict(size="small", microservice=True, user_accounts=True, team_knows="flask")
BAKERY = dict(size="medium", user_accounts=True, relational_data=True, needs_admin=True, team_knows="flask")


def failed_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("✗")]


def test_the_templates_are_not_done_yet(capsys):
    assert check_project_choice(None, None, [], EVIDENCE) is None
    assert check_tipping_change(None, ..., EVIDENCE) is None
    out = capsys.readouterr().out
    assert out.count("not done yet") == 2 and "✗" not in out


@pytest.mark.parametrize("requirements, because", [
    (BOOKINGS, ["team_knows", "size", "microservice"]),                                    # the guide says Flask
    ({**BOOKINGS, "relational_data": True}, ["team_knows", "user_accounts", "relational_data"]),   # either
])
def test_each_defensible_reading_passes_with_the_guides_answer_for_it(requirements, because, capsys):
    choice = recommend(**requirements, evidence=EVIDENCE).framework
    assert check_project_choice(requirements, choice, because, EVIDENCE) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("All checks passed.") and "✗" not in out


def test_a_choice_against_the_scores_and_a_reason_for_the_other_side_get_hints(capsys):
    assert check_project_choice(BOOKINGS, "Django", ["user_accounts", "team_knows"], EVIDENCE) == 2
    choice, because = failed_lines(capsys.readouterr().out)
    assert "you chose 'Django'" in choice and "Flask" not in choice        # the guide's answer is not given
    assert "not reasons for 'Django': team_knows" in because


def test_what_the_description_states_outright_is_required(capsys):
    forgot = {key: value for key, value in BOOKINGS.items() if key != "team_knows"}
    assert check_project_choice({**forgot, "needs_admin": True}, "either", ["user_accounts"], EVIDENCE) >= 1
    (stated,) = [line for line in failed_lines(capsys.readouterr().out) if "outright" in line]
    assert "2 missed" in stated and "know Flask" in stated and "back office" in stated


def test_requirements_the_guide_refuses_are_a_failed_point_not_a_traceback(capsys):
    assert check_project_choice({"size": "huge"}, "Flask", [], EVIDENCE) == 1
    assert check_project_choice({1: True}, "Flask", [], EVIDENCE) == 1
    assert check_tipping_change(["needs_admin"], None, EVIDENCE) == 1
    lines = failed_lines(capsys.readouterr().out)
    assert len(lines) == 3 and "size must be one of" in lines[0]


def test_the_bakery_none_passes_when_no_single_change_tips_it(capsys):
    assert check_tipping_change(BAKERY, None, EVIDENCE) == 0
    assert check_tipping_change(BAKERY, {"needs_admin": False}, EVIDENCE) == 1
    (line,) = failed_lines(capsys.readouterr().out)
    assert "still says Django" in line


def test_when_a_single_change_does_tip_it_none_is_wrong_and_that_change_is_right(capsys):
    close = {key: value for key, value in BAKERY.items() if key != "relational_data"}   # Django 5, Flask 2
    assert recommend(**{**close, "needs_admin": False}, evidence=EVIDENCE).framework != recommend(
        **close, evidence=EVIDENCE).framework
    assert check_tipping_change(close, None, EVIDENCE) == 1
    assert check_tipping_change(close, {"needs_admin": False}, EVIDENCE) == 0
    assert check_tipping_change(close, ..., EVIDENCE) == 1
    lines = failed_lines(capsys.readouterr().out)
    assert "one change does" in lines[0] and "set it to one change" in lines[1]


@pytest.mark.parametrize("choice, because", [
    ("Flask", ["team_knows", "size", "microservice"]),
    ("Django", {"user_accounts", "relational_data"}),        # a set of reasons is a fair spelling too
    ("either", ["team_knows", "relational_data"]),
])
def test_a_close_call_may_be_settled_either_way_with_reasons_for_it(choice, because, capsys):
    close = {**BOOKINGS, "relational_data": True}
    assert recommend(**close, evidence=EVIDENCE).framework == "either"
    assert check_project_choice(close, choice, because, EVIDENCE) == 0
    assert "✗" not in capsys.readouterr().out


def test_a_verdict_that_only_the_machines_memory_tips_accepts_the_close_call_too(capsys):
    close = {**BOOKINGS, "relational_data": True}
    lighter_flask = {**EVIDENCE, "flask_worker_mib": 30.0}               # Flask's workers measured 50 % smaller
    assert recommend(**close, evidence=lighter_flask).framework == "Flask"
    assert check_project_choice(close, "either", ["team_knows", "relational_data"], lighter_flask) == 0
    assert check_project_choice(close, "Flask", ["team_knows", "microservice"], lighter_flask) == 0
    assert "✗" not in capsys.readouterr().out


def test_a_recommendation_or_a_list_as_the_choice_gets_a_hint_not_a_traceback(capsys):
    advice = recommend(**BOOKINGS, evidence=EVIDENCE)
    assert check_project_choice(BOOKINGS, advice, ["team_knows"], EVIDENCE) == 1
    assert check_project_choice(BOOKINGS, ["Flask"], ["team_knows"], EVIDENCE) == 1
    lines = failed_lines(capsys.readouterr().out)
    assert ".framework" in lines[0] and "a list: choose one of" in lines[1]


def test_the_hint_for_a_change_that_does_not_tip_asks_the_right_question(capsys):
    close = {key: value for key, value in BAKERY.items() if key != "relational_data"}   # one change tips it
    assert check_tipping_change(close, {"team_knows": "django"}, EVIDENCE) == 1
    assert check_tipping_change(BAKERY, {"needs_admin": False}, EVIDENCE) == 1          # no change tips it
    tips, none_tips = failed_lines(capsys.readouterr().out)
    assert tips.endswith("is there a change that does?") and "is there a change" not in none_tips
