"""Exercise 4 in the notebook: Part B checks with keys the cell picks, partial credit, settings all or none."""

from __future__ import annotations

import warnings

import pytest
from flask import jsonify, request
from sample_answers.auth_production import FLASK_TOKENS, PRODUCTION_SETTINGS

from apilab.contract.report import per_check
from apilab.exercises import auth_production, kernel
from apilab.exercises.auth_production import tokens
from apilab.exercises.auth_production.settings import settings_result
from apilab.lessons.products_builds import create_flask_app

SETTINGS = PRODUCTION_SETTINGS.split("\n", 1)[1]  # the solution's file, without its %%writefile line


def token_app(writes=("POST", "PUT", "PATCH", "DELETE"), warn=False):
    """A create_app(tokens) guarding ``writes`` with 'Authorization: Token <key>'."""
    def create_app(tokens):
        app = create_flask_app()
        keys = set(tokens)

        @app.before_request
        def guard():
            if warn:
                warnings.warn("a legacy call", DeprecationWarning, stacklevel=1)
            if request.method not in writes:
                return None
            scheme, _, key = request.headers.get("Authorization", "").partition(" ")
            if scheme == "Token" and key in keys:
                return None
            return jsonify(detail="A token is needed."), 401, {"WWW-Authenticate": "Token"}

        return app
    return create_app


def test_a_correct_flask_app_earns_every_point_with_the_hidden_checks_too(capsys):
    cell = auth_production.FlaskCell("flask_token_works")
    cell.check(token_app())
    cell.check(token_app(), other_values=True)
    checks = [result.check for result in cell.results]
    assert tokens.EVERY_KEY in checks and "a new app starts with an empty store" in checks
    assert cell.points() == 2
    counted = len(per_check(cell.results))   # a check run with visible and hidden values counts once
    assert counted < len(cell.results) and f"{counted} of {counted} checks passed" in capsys.readouterr().out


def test_one_wrong_rule_costs_only_its_checks():
    """Guarding POST only: PUT, PATCH and DELETE fail without and with a wrong token, 6 of 8 checks a run."""
    cell = auth_production.FlaskCell("flask_auth_required")
    cell.check(token_app(writes=("POST",)))
    cell.check(token_app(writes=("POST",)), other_values=True)
    assert (sum(result.passed for result in cell.results), len(cell.results)) == (4, 16)
    assert cell.score() == 0.5


def test_every_key_given_must_work():
    def first_key_only(tokens):
        return token_app()(list(tokens)[:1])

    results = tokens.token_results(tokens.KernelFlask(first_key_only), ("auth_token_works",),
                                       other_values=True)
    every_key = next(result for result in results if result.check == tokens.EVERY_KEY)
    assert not every_key.passed and "key 2 of 3" in every_key.message


def test_warnings_are_a_note_that_costs_nothing(capsys):
    cell = auth_production.FlaskCell("flask_reads_public")
    cell.check(token_app(warn=True))
    assert cell.points() == 1
    captured = capsys.readouterr()
    assert captured.err == "" and "Note (costs nothing)" in captured.out


def test_an_app_that_cannot_be_made_fails_every_check_without_raising():
    def create_app(tokens):
        raise RuntimeError("not written yet")

    cell = auth_production.FlaskCell("flask_token_works")
    cell.check(create_app, other_values=True)
    assert len(cell.results) == len(tokens.check_names("flask", ("auth_token_works",), True))
    assert not any(result.passed for result in cell.results) and "not written yet" in cell.results[0].message
    assert cell.score() == 0


def test_django_tokens_of_several_users_work_and_a_deleted_one_does_not(product_table):
    from reference_apps import drf_products  # needs Django configured (product_table)

    cell = auth_production.DjangoCell("django_token_works")
    cell.check(drf_products.auth_urlpatterns, other_values=True)
    assert tokens.DELETED_TOKEN in [result.check for result in cell.results]
    assert all(result.passed for result in cell.results), [r.line() for r in cell.results if not r.passed]
    assert cell.score() == 2


HSTS = "SECURE_HSTS_SECONDS = 60 * 60\n"  # the solution's first step


def settings_cell(folder, grade_id):
    """A settings cell of exercise 4 checked on ``folder``, as its visible and hidden tests do."""
    cell = auth_production.SettingsCell(grade_id)
    cell.check(str(folder))
    cell.check(str(folder), other_values=True)
    return cell


@pytest.mark.parametrize(("edit", "expected"), [
    ((None, None), {"deploy_check_https": 2, "deploy_check_others": 2, "settings_from_environment": 2}),
    (("DEBUG = False", "DEBUG = True"), {"deploy_check_https": 2, "deploy_check_others": 0}),
    ((HSTS, ""), {"deploy_check_https": 0, "deploy_check_others": 2}),
    (('SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', 'SECRET_KEY = "x" * 60'), {"settings_from_environment": 0}),
    (("DEBUG = False", 'DEBUG = False\nSILENCED_SYSTEM_CHECKS = ["security.W004"]'), {"settings_from_environment": 0}),
])
def test_settings_cells_are_all_or_nothing(tmp_path, edit, expected):
    old, new = edit
    (tmp_path / "production_settings.py").write_text(SETTINGS.replace(old, new) if old else SETTINGS)
    for grade_id, points in expected.items():
        cell = settings_cell(tmp_path, grade_id)
        assert cell.score() == points, [result.line() for result in cell.results]


@pytest.mark.parametrize(("hsts", "https_points"), [
    ("SECURE_HSTS_SECONDS = 86400\n", 2),  # a day, the longest first step
    ("SECURE_HSTS_SECONDS = 1\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = False\n", 2),
    ("SECURE_HSTS_SECONDS = 86401\n", 0),
    ("SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\n", 0),
    ("SECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n", 0),
    ("SECURE_HSTS_SECONDS = 0\n", 0),
    ("SECURE_HSTS_SECONDS = -3600\n", 0),  # truthy for Django's check, yet no HSTS a browser keeps
])
def test_the_https_cell_wants_a_first_hsts_step(tmp_path, hsts, https_points):
    """More than 0 and at most a day of max-age, no preload, subdomains either way; the other cells do not care."""
    (tmp_path / "production_settings.py").write_text(SETTINGS.replace(HSTS, hsts))
    https = settings_cell(tmp_path, "deploy_check_https")
    assert https.score() == https_points, [result.line() for result in https.results]
    assert settings_cell(tmp_path, "deploy_check_others").score() == 2


def test_a_first_step_leaves_only_hsts_reminders_in_the_check(tmp_path):
    """The solution's first step: Django still warns of no subdomains and no preload, and of nothing else."""
    from apilab.exercises.auth_production.deploy_check import run_deploy_check

    (tmp_path / "production_settings.py").write_text(SETTINGS)
    check = run_deploy_check(tmp_path)
    assert check.ids == ["security.W005", "security.W021"], check.output
    assert check.settings["SECURE_HSTS_SECONDS"] == 3600 and not check.passed


def test_a_failed_hsts_step_says_what_was_sent_expected_and_found(tmp_path):
    year = "SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365\n"
    (tmp_path / "production_settings.py").write_text(SETTINGS.replace(HSTS, year))
    visible, hidden = settings_cell(tmp_path, "deploy_check_https").results
    assert "DJANGO_ALLOWED_HOSTS=api.example.com" in visible.message
    assert "DJANGO_ALLOWED_HOSTS=shop.example.com" in hidden.message
    assert "at most 86400 (one day)" in visible.message and "it is 31536000 (365 days)" in visible.message
    (tmp_path / "production_settings.py").write_text(SETTINGS.replace(HSTS, HSTS + "SECURE_HSTS_PRELOAD = True\n"))
    preload = settings_cell(tmp_path, "deploy_check_https").results[0]
    assert "SECURE_HSTS_PRELOAD should be unset or False" in preload.message and "it is True" in preload.message
    (tmp_path / "production_settings.py").write_text(SETTINGS.replace(HSTS, ""))
    missing = settings_cell(tmp_path, "deploy_check_https").results[0]
    assert "it found security.W004 (" in missing.message  # the step left out, named by Django's check


def test_silencing_the_hsts_reminders_costs_the_environment_cell_only(tmp_path):
    silenced = HSTS + 'SILENCED_SYSTEM_CHECKS = ["security.W021"]\n'
    (tmp_path / "production_settings.py").write_text(SETTINGS.replace(HSTS, silenced))
    assert settings_cell(tmp_path, "deploy_check_https").score() == 2
    environment = settings_cell(tmp_path, "settings_from_environment")
    assert environment.score() == 0 and "reminders of HSTS's next steps" in environment.results[0].message


def solution_create_app():
    """The solution's create_app(tokens), run as its notebook cell runs it."""
    namespace = {"create_flask_app": create_flask_app}
    exec(FLASK_TOKENS, namespace)  # the course's own solution cell, read from solutions/
    return namespace["create_app"]


@pytest.mark.parametrize(("header", "status"), [
    ("Token {key}", 201), ("token {key}", 201), ("TOKEN {key}", 201), ("Token  {key} ", 201),
    ("Token {other}", 401), ("Token {key}x", 401), ("Bearer {key}", 401), ("{key}", 401),
    ("Token", 401), ("Token \u00e9t\u00e9", 401),  # a key of other characters is refused, not a 500
])
def test_the_flask_solution_reads_the_scheme_in_any_case_and_refuses_other_keys(header, status):
    keys = tokens.new_keys(2)
    client = solution_create_app()(keys[:1]).test_client()
    sent = header.format(key=keys[0], other=keys[1])
    answer = client.post("/api/products/", json={"name": "Lamp", "price_cents": 2500},
                         headers={"Authorization": sent.encode("utf-8").decode("latin-1")})
    assert answer.status_code == status, (sent, answer.status_code, answer.get_data(as_text=True))
    if status == 401:
        assert answer.headers["WWW-Authenticate"] == "Token" and isinstance(answer.get_json()["detail"], str)


def test_a_flask_app_reading_the_scheme_in_any_case_earns_every_point():
    """The contract sends 'Token <key>'; an app that also takes 'token <key>' loses nothing for it."""
    cell = auth_production.FlaskCell("flask_token_works")
    cell.check(solution_create_app())
    cell.check(solution_create_app(), other_values=True)
    assert cell.score() == 2, [result.line() for result in cell.results if not result.passed]


def test_a_missing_settings_file_fails_its_check(tmp_path):
    result = settings_result(auth_production.AUTH_PRODUCTION.cell("deploy_check_https"), str(tmp_path))
    assert not result.passed and "no production_settings.py" in result.message


def test_the_summary_lists_every_cell_and_sixteen_points():
    table = kernel.summary(auth_production.AUTH_PRODUCTION)
    assert list(table["test cell"]) == [cell.grade_id for cell in auth_production.CELLS] + ["total"]
    assert table.iloc[-1]["of"] == 16


def test_hints_name_the_common_causes_of_part_b():
    from apilab.exercises.hints import hint

    refused = '[auth_required] POST ...: expected 401 with a JSON "detail" string and a WWW-Authenticate header; got '
    assert "WWW-Authenticate" in hint(refused + "401 without a WWW-Authenticate header: 401 {}")
    assert "TokenAuthentication first" in hint(refused + "403 {}")
    token = "[auth_token_works] list: could not create a product to check with: POST ...: expected 201; got 401 {}"
    assert "after 'Token '" in hint(token)
    assert "Token" not in hint(token.replace("got 401", "got 200"))


def test_a_rule_failing_a_hundred_checks_prints_a_few_causes_and_each_hint_once(capsys):
    def whole_header(tokens):
        return token_app()(["Token " + key for key in tokens])  # the keys never match

    cell = auth_production.FlaskCell("flask_token_works")
    cell.check(whole_header)
    assert cell.points() < 0.5  # only checks that need no write pass (404s, 405s)
    printed = capsys.readouterr().out.splitlines()
    causes = [line for line in printed if line.startswith("✗")]
    assert 1 < len(causes) <= kernel.SHOWN_CAUSES and all(len(line) <= kernel.LINE_CHARS for line in printed)
    assert any(line.startswith("✗ POST /api/products/ answered 401; the contract says 201 (") for line in causes)
    hints = [line for line in printed if "hint:" in line]
    assert hints and len(hints) == len(set(hints))
