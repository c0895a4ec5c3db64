"""The Authentication-And-Permissions lesson's claims about tokens agree with what its cells show.

DRF's ``authtoken`` gives every login of a user the same key, stores it as it is and never expires it; the Flask
build stores digests and issues a key per login; in both, a rotated key stops working and the scheme is read in
any case. The Flask object rule reads the ``ProductStore`` the lesson gives the build.
"""

from __future__ import annotations

import ast

import pytest
from lesson_outputs import displayed_text, lesson_named

LESSON = lesson_named("Authentication-And-Permissions")
ROTATED = {"the leaked key": 401, "the new key": 201, "the new key, scheme in lower case": 201}


def cell(run, cell_id: str):
    (found,) = [c for c in run.notebook.cells if c.get("id") == cell_id]
    return found


def shown(run, cell_id: str) -> dict:
    """The dict a cell ended with, read back from its text."""
    return ast.literal_eval(displayed_text(cell(run, cell_id)))


@pytest.fixture
def run(lesson, lesson_runs):
    result = lesson_runs.result(lesson)
    assert result.error is None, f"{lesson} stopped with an error:\n{result.error}"
    return result


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_drf_gives_one_key_per_user_stored_as_it_is_and_never_expired(run):
    limits = cell(run, "auth-drf-limits").source
    assert "**One token per user.**" in limits and "**The key is stored as it is.**" in limits
    assert "**No expiry.**" in limits
    assert shown(run, "auth-drf-obtain") == {"the phone and the laptop got the same key": True, "wrong password": 400}
    assert shown(run, "auth-drf-stored") == {"the table holds the key itself": True,
                                             "a key made three years ago writes": 201}


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_flask_keeps_digests_and_each_login_rotates_the_key(run):
    assert shown(run, "auth-flask-issue") == {
        "the phone and the laptop got the same key": False,
        "the phone's key, after the laptop logged in": 401,
        "the laptop's key": 201,
        "the table holds the key itself": False,
        "wrong password": 401,
    }
    text = cell(run, "auth-flask-rotate-md").source
    assert "stopped working when the laptop logged in" in text and "a 401" in text and "answered 400" in text


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
@pytest.mark.parametrize("cell_id", ["auth-drf-rotate", "auth-flask-rotate"])
def test_a_rotated_key_stops_working_and_the_scheme_is_read_in_any_case(run, cell_id):
    assert shown(run, cell_id) == ROTATED


@pytest.mark.parametrize("lesson", [LESSON])
def test_the_flask_rule_reads_the_store_given_to_the_build(lesson):
    """No app internals: the object rule and the token view share the ProductStore passed as ``store=``."""
    import nbformat
    from lesson_runs import NOTEBOOKS

    notebook = nbformat.read(NOTEBOOKS / lesson, as_version=4)
    code = {c.id: c.source for c in notebook.cells if c.cell_type == "code"}
    assert not any("current_app" in source for source in code.values())
    rule = code["auth-flask-object-rule"]
    assert "flask_products = ProductStore()" in rule and "flask_products.get(" in rule
    assert "store=flask_products" in rule and "store=flask_products" in code["auth-flask-issue"]
