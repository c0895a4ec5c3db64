"""Exercise 4 (``04-auth-production``): token authentication in both frameworks, and production Django settings.

Its test cells, the spec below: three token cells per framework (Part B of the
contract, ``tokens``), worth their points in proportion to the checks passed,
and three settings cells (``settings``), all or nothing. In the notebook the
cells serve the learner's answer in the kernel (``FlaskCell``, ``DjangoCell``)
or check the settings file it wrote (``SettingsCell``); from outside, the
verification process serves the answer with keys the grader picks and hands
over the settings file's text (``OPS``), and the grader runs the same checks
(``decide``): the settings in processes of its own, in the sandbox.
``deploy_check`` runs Django's deployment check on settings read as data.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from apilab.contract.groups import AUTH_READS_PUBLIC, AUTH_REQUIRED, AUTH_TOKEN_WORKS
from apilab.contract.report import CheckResult
from apilab.exercises.kernel import CellChecks, kept_aside
from apilab.exercises.products_api import create_app_of, serve_urlpatterns
from apilab.exercises.spec import Exercise, GradedCell

SETTINGS_FILE = "production_settings.py"
SETTINGS_TEXT_LIMIT = 200_000  # characters of the settings file the grader reads

REQUIRED = "writes without a token or with a wrong one answer 401 with a JSON detail and WWW-Authenticate"
READS_PUBLIC = "reads need no token"
TOKEN_WORKS = "with 'Authorization: Token <key>' every check of Part A holds"


def _token_cells(target: str) -> list[GradedCell]:
    return [GradedCell(f"{target}_auth_required", 2, REQUIRED, target, (AUTH_REQUIRED,)),
            GradedCell(f"{target}_reads_public", 1, READS_PUBLIC, target, (AUTH_READS_PUBLIC,)),
            GradedCell(f"{target}_token_works", 2, TOKEN_WORKS, target, (AUTH_TOKEN_WORKS,))]


CELLS = (
    *_token_cells("flask"),
    *_token_cells("django"),
    GradedCell("deploy_check_https", 2, "check --deploy finds no HTTPS issue but HSTS's next steps (SSL redirect, "
               "secure cookies, a first HSTS step: max-age of at most a day, no preload)", "settings",
               ("deploy_https",), all_or_nothing=True),
    GradedCell("deploy_check_others", 2, "check --deploy --fail-level WARNING passes apart from HTTPS",
               "settings", ("deploy_others",), all_or_nothing=True),
    GradedCell("settings_from_environment", 2, "SECRET_KEY and ALLOWED_HOSTS come from the environment; "
               "no deployment check is silenced", "settings", ("settings_environment",), all_or_nothing=True),
)


# --- in the notebook ---------------------------------------------------------------------------

class FlaskCell(CellChecks):
    """A Flask token cell of exercise 4, run in the learner's kernel."""

    def __init__(self, grade_id: str):
        super().__init__(AUTH_PRODUCTION, grade_id)

    def check(self, create_app: Callable[[Any], Any], *, other_values: bool = False) -> None:
        """Serve ``create_app(keys)`` with keys this cell picks and run the cell's checks on it."""
        from apilab.exercises.auth_production.tokens import KernelFlask, token_results

        with kept_aside(self.notes):
            self.add(token_results(KernelFlask(create_app), self.cell.groups, other_values))


class DjangoCell(CellChecks):
    """A Django token cell of exercise 4, run in the learner's kernel."""

    def __init__(self, grade_id: str):
        super().__init__(AUTH_PRODUCTION, grade_id)

    def check(self, urlpatterns: Any, *, other_values: bool = False) -> None:
        """Serve ``urlpatterns`` with DRF tokens this cell makes and run the cell's checks on them."""
        from apilab.exercises.auth_production.tokens import KernelDjango, token_results

        with kept_aside(self.notes):
            self.add(token_results(KernelDjango(urlpatterns), self.cell.groups, other_values))


class SettingsCell(CellChecks):
    """A settings cell of exercise 4, run in the learner's kernel."""

    def __init__(self, grade_id: str):
        super().__init__(AUTH_PRODUCTION, grade_id)

    def check(self, folder: str, *, other_values: bool = False) -> None:
        """Run this settings cell's check on ``folder/production_settings.py`` in a new process."""
        from apilab.exercises.auth_production.settings import settings_result

        with kept_aside(self.notes):
            self.add([settings_result(self.cell, folder, other_values)])


# --- in the verification process ---------------------------------------------------------------

def _create(answer, keys: list[str]):
    return create_app_of(answer)(list(keys))


def serve_tokens(answer, keys: list[str]) -> dict:
    """Serve ``create_app(keys)``."""
    return answer.serve_app(_create(answer, keys))


def serve_two_tokens(answer, keys: list[str]) -> dict:
    """Serve the apps of two ``create_app(keys)`` calls; say whether they are one object."""
    return answer.serve_pair([_create(answer, keys), _create(answer, keys)], "create_app(tokens)")


def make_tokens(answer, keys: list[str]) -> dict:
    """Give the users grader-1, grader-2 ... the DRF tokens ``keys``."""
    from apilab.django_project.setup import setup_django
    from apilab.exercises.auth_production.tokens import make_tokens as store

    setup_django()
    store(list(keys))
    return {"done": True}


def delete_token(answer, key: str) -> dict:
    """Delete the DRF token ``key``."""
    from apilab.exercises.auth_production.tokens import delete_token as delete

    delete(key)
    return {"done": True}


def settings_file(answer) -> dict:
    """The text of ``SETTINGS_FOLDER/production_settings.py`` as the answer cells left it."""
    folder = answer.namespace.get("SETTINGS_FOLDER")
    if not isinstance(folder, str):
        raise NameError("SETTINGS_FOLDER is not defined (the setup cell did not run?)")
    path = os.path.join(folder, SETTINGS_FILE)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no {SETTINGS_FILE} was written by the answer cells")
    with open(path, encoding="utf-8") as settings:
        return {"text": settings.read(SETTINGS_TEXT_LIMIT)}


# --- in the grader -----------------------------------------------------------------------------

def settings_folder(runner, parent: Path) -> tuple[Path | None, str]:
    """Write the answer's production_settings.py into a new folder in ``parent``; (folder, problem).

    ``parent`` is the grader's own (not the working copy, which the answer process can write to).
    """
    reply = runner.ask("settings_file")
    if not isinstance(reply.get("text"), str):
        return None, f"checked from outside: {reply.get('error', 'no settings file')}"
    folder = parent / "settings"
    folder.mkdir()
    (folder / SETTINGS_FILE).write_text(reply["text"], encoding="utf-8")
    return folder, ""


def decide(runner, problem: str) -> Iterator[tuple[str, list[CheckResult]]]:
    """Every cell from outside: token cells on the apps the runner serves, settings in the sandbox."""
    from apilab.exercises.auth_production.settings import settings_result
    from apilab.exercises.auth_production.tokens import RunnerTarget, check_names, token_results

    with tempfile.TemporaryDirectory(prefix="apilab-settings-") as parent:
        folder, settings_problem = (None, "") if problem else settings_folder(runner, Path(parent))
        for cell in CELLS:
            if cell.target == "settings":
                if folder is None:
                    reason = settings_problem or f"checked from outside: {problem}"
                    yield cell.grade_id, cell.failed([(cell.groups[0], cell.checks)], reason) * 2
                else:
                    wrap = runner.sandbox_wrap(folder)  # importing the settings runs the learner's code
                    yield cell.grade_id, [settings_result(cell, str(folder), other, wrap) for other in (False, True)]
            elif problem:
                names = check_names(cell.target, cell.groups, False) + check_names(cell.target, cell.groups, True)
                yield cell.grade_id, cell.failed(names, f"checked from outside: {problem}")
            else:
                target = RunnerTarget(runner, cell.target)
                yield cell.grade_id, [*token_results(target, cell.groups),
                                      *token_results(target, cell.groups, other_values=True)]


AUTH_PRODUCTION = Exercise(
    assignment="04-auth-production",
    builds="token authentication in both frameworks; production Django settings",
    released_after="15-Deployment.ipynb",
    cells=CELLS,
    decide=decide,
    ops={"serve": serve_urlpatterns, "serve_tokens": serve_tokens, "serve_two_tokens": serve_two_tokens,
         "make_tokens": make_tokens, "delete_token": delete_token, "settings_file": settings_file},
    answers_visible=("lessons/products_builds.py",),  # the setup cell gives out a working Flask Part A
)
