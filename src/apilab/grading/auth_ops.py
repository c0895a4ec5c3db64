"""The requests exercise 4's answer process answers besides "serve" (``verify_runner --ops``).

The process runs the learner's code, so each op only produces something the
grader then checks itself (``apilab.grading.verify_auth``): a Flask app made by
``create_app(keys)`` with keys the grader picked, served; DRF tokens with keys the
grader picked, stored in the process's database (or one deleted); the text of
the ``production_settings.py`` the answer cells wrote.
"""

from __future__ import annotations

import os

SETTINGS_FILE = "production_settings.py"


def _create(answer, keys: list[str]):
    create_app = answer.namespace.get("create_app")
    if not callable(create_app):
        raise NameError("create_app is not defined by the answer cells")
    return create_app(list(keys))


def serve_tokens(answer, keys: list[str]) -> dict:
    """Serve ``create_app(keys)``."""
    return answer._serve(_create(answer, keys), "verified-api")


def serve_two_tokens(answer, keys: list[str]) -> dict:
    """Serve the apps of two ``create_app(keys)`` calls; say whether they are one object."""
    return answer.serve_pair([_create(answer, keys), _create(answer, keys)], "create_app(tokens)")


def make_tokens(answer, keys: list[str]) -> dict:
    """Give the users grader-1, grader-2 ... the DRF tokens ``keys``."""
    from apilab.contract.auth_cells import make_tokens as store
    from apilab.django_project.setup import setup_django

    setup_django()
    store(list(keys))
    return {"done": True}


def delete_token(answer, key: str) -> dict:
    """Delete the DRF token ``key``."""
    from apilab.contract.auth_cells import delete_token as delete

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
        return {"text": settings.read(200_000)}


OPS = {"serve_tokens": serve_tokens, "serve_two_tokens": serve_two_tokens, "make_tokens": make_tokens,
       "delete_token": delete_token, "settings_file": settings_file}
