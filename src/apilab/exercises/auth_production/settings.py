"""Exercise 4's production settings, checked in processes of their own: Django's deployment check, the environment.

``settings_result(cell, folder)`` runs one settings cell's check on
``folder/production_settings.py``: ``deploy_check_https`` and
``deploy_check_others`` run ``manage.py check --deploy`` on the settings read as
data (``deploy_check``); ``settings_from_environment`` imports the settings with
a new random ``DJANGO_SECRET_KEY`` and other host names and reads them back.
``wrap`` puts those processes in the grader's sandbox (importing settings runs
the learner's code).

HSTS is rolled out in steps (Django's ``SECURE_HSTS_SECONDS`` documentation):
a short max-age first, raised to a year once every page and subdomain is known
to work over HTTPS, and only then, if ever, preload. The exercise asks for the
first step, so Django's check is left with the reminders of the next ones,
security.W005 (no includeSubDomains) and security.W021 (no preload): the HTTPS
cell accepts those two and reads the step itself from the settings the check
ran on.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from apilab.contract.client import one_line
from apilab.contract.report import CheckResult
from apilab.exercises.spec import GradedCell

# W001: no SecurityMiddleware, which makes Django skip the HSTS and redirect checks: an HTTPS issue too.
HTTPS_CHECKS = {"security.W001", "security.W004", "security.W005", "security.W008", "security.W010", "security.W011",
                "security.W012", "security.W016", "security.W021"}
HOSTS = (["api.example.com", "shop.example.com,www.shop.example.com"], ["store.example.org,api.store.example.org"])
# A first HSTS step: max-age more than 0 and at most a day, no preload. What it leaves check --deploy to say:
HSTS_FIRST_STEP_MAX_S = 24 * 60 * 60
HSTS_NEXT_STEPS = {"security.W005", "security.W021"}  # includeSubDomains (optional here), preload (not yet)
RUN_DEPLOY_CHECK = "run_deploy_check(SETTINGS_FOLDER).output says what each means"


def settings_result(cell: GradedCell, folder: str, other_values: bool = False,
                    wrap: Callable[[list, dict], list] | None = None) -> CheckResult:
    """Run one settings cell's check on ``folder/production_settings.py`` in a process of its own."""
    from apilab.exercises.auth_production.deploy_check import production_environment, run_deploy_check

    grade_id = cell.grade_id
    environ = production_environment(DJANGO_ALLOWED_HOSTS="shop.example.com") if other_values else None
    hosts = (environ or production_environment())["DJANGO_ALLOWED_HOSTS"]
    try:
        if grade_id == "settings_from_environment":
            problem = _environment_problem(folder, HOSTS[1 if other_values else 0], wrap)
        else:
            check = run_deploy_check(folder, environ, wrap=wrap)
            problem = _deploy_problem(grade_id, check, f"with DJANGO_ALLOWED_HOSTS={hosts}")
    except Exception as error:  # the settings could not be checked: the check fails, saying why
        problem = one_line(f"{error}" if isinstance(error, (OSError, RuntimeError)) else
                           f"{type(error).__name__}: {error}", 300)
    return CheckResult(cell.groups[0], cell.checks, not problem, problem)


def _deploy_problem(grade_id: str, check, sent: str) -> str:
    if check.load_error:
        return (f"production_settings.py should load in a new process ({sent}) with settings Django reads: "
                f"{check.load_error}")
    if grade_id == "deploy_check_https":
        return _https_problem(check, sent)
    issues = [check_id for check_id in check.ids if check_id not in HTTPS_CHECKS]
    if issues or (not check.passed and not check.ids):  # failed, yet named no check
        found = ", ".join(issues) or "a problem"
        return (f"{sent}, manage.py check --deploy --fail-level WARNING should pass apart from HTTPS; it found {found} "
                f"({RUN_DEPLOY_CHECK})")
    return ""


def _https_problem(check, sent: str) -> str:
    issues = [check_id for check_id in check.ids if check_id in HTTPS_CHECKS and check_id not in HSTS_NEXT_STEPS]
    if issues:
        return (f"{sent}, manage.py check --deploy should find no HTTPS issue but HSTS's next steps (security.W005, "
                f"security.W021); it found {', '.join(issues)} ({RUN_DEPLOY_CHECK})")
    seconds = check.settings.get("SECURE_HSTS_SECONDS", 0)
    if seconds > HSTS_FIRST_STEP_MAX_S:
        return (f"{sent}, SECURE_HSTS_SECONDS should be a first HSTS step, more than 0 and at most "
                f"{HSTS_FIRST_STEP_MAX_S} (one day); it is {seconds} ({seconds / HSTS_FIRST_STEP_MAX_S:.0f} days), "
                "a later step, for when HTTPS is known to work everywhere")
    if seconds <= 0:
        return (f"{sent}, SECURE_HSTS_SECONDS should be a first HSTS step, more than 0 and at most "
                f"{HSTS_FIRST_STEP_MAX_S} (one day); it is {seconds}, which sends no HSTS")
    if check.settings.get("SECURE_HSTS_PRELOAD"):
        return (f"{sent}, SECURE_HSTS_PRELOAD should be unset or False in a first HSTS step; it is True "
                "(a preloaded domain is built into browsers as HTTPS-only, and taking it out takes months)")
    return ""


def _environment_problem(folder: str, hosts_list: list[str], wrap) -> str:
    from apilab.exercises.auth_production.deploy_check import read_settings

    for hosts in hosts_list:
        environment = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": hosts}
        values = read_settings(folder, ["SECRET_KEY", "ALLOWED_HOSTS", "SILENCED_SYSTEM_CHECKS"], environment,
                               wrap=wrap)
        if values.get("SECRET_KEY") != environment["DJANGO_SECRET_KEY"]:
            secret = values.get("SECRET_KEY")
            return ("SECRET_KEY should be the value of DJANGO_SECRET_KEY; with a new random DJANGO_SECRET_KEY it was "
                    f"a different value ({type(secret).__name__} of {len(str(secret))} characters)")
        allowed = values.get("ALLOWED_HOSTS")
        if not isinstance(allowed, list) or sorted(allowed) != sorted(hosts.split(",")):
            return f"ALLOWED_HOSTS should be the host names of DJANGO_ALLOWED_HOSTS={hosts!r}; found {allowed!r}"
        silenced = [each for each in values.get("SILENCED_SYSTEM_CHECKS") or [] if str(each).startswith("security.")]
        if silenced:
            reminder = (" (W005 and W021 are the reminders of HSTS's next steps: leave them to be seen)"
                        if HSTS_NEXT_STEPS & set(silenced) else "")
            return f"no deployment check should be silenced; SILENCED_SYSTEM_CHECKS holds {silenced}{reminder}"
    return ""
