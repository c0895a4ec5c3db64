"""The Deployment lesson's claims, read from what its cells displayed: the same for Flask and Django."""

from __future__ import annotations

import re

import pytest
from lesson_outputs import displayed_text, lesson_named

LESSON = lesson_named("Deployment")


def row(text: str, label: str) -> list[str]:
    """The cells of the displayed table row ``label`` (columns split on two or more spaces)."""
    for line in text.splitlines():
        if line.strip().startswith(label):
            return re.split(r"\s{2,}", line.strip()[len(label):].strip().removesuffix(")"))
    raise AssertionError(f"no row {label!r} in:\n{text}")


@pytest.fixture(scope="module")
def shown(lesson_runs):
    run = lesson_runs.result(LESSON)
    assert run.error is None, f"{LESSON} stopped with an error:\n{run.error}"
    return {cell.get("id"): displayed_text(cell) for cell in run.notebook.cells if cell.cell_type == "code"}


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_state_breaks_and_is_fixed_the_same_way_in_both(lesson, shown):
    careless, fixed = shown["deploy-33"], shown["deploy-36"]
    assert re.search(r"^\s+Flask\s+Django$", careless, re.MULTILINE), careless
    assert row(careless, "visits counted (1st, 2nd, 1st, 2nd)") == ["[1, 1, 2, 2]", "[1, 1, 2, 2]"]
    assert row(careless, "cart seen by the first") == ["[7]", "[7]"]
    assert row(careless, "cart seen by the second") == ["[]", "[]"]
    assert row(fixed, "cart seen by the second") == ["[7]", "[7]"]
    shared_counts = row(fixed, "visits counted (1st, 2nd, 1st, 2nd)")
    assert shared_counts in (["[1, 2, 3, 4]", "[1, 2, 3, 4]"],  # with Redis
                             ["[1, 1, 2, 2]", "[1, 1, 2, 2]"])  # redis-server missing: the cell said so


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_hsts_is_a_first_step_in_both_and_the_gate_accepts_only_the_reminders(lesson, shown):
    assert row(shown["l15-hsts-later"], "step 1") == ["max-age=300", "max-age=300"]
    assert row(shown["l15-hsts-later"], "step 3, then 4") == ["max-age=31536000; includeSubDomains"] * 2
    assert shown["l15-release-gate"] == (
        "{'found': ['security.W005', 'security.W021'], 'release may go on': True}")


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_nginx_overwrites_the_header_and_absorbs_stalled_clients_for_both(lesson, shown):
    table = shown["l15-front-door-flask"]
    if table == "'skipped'":
        pytest.skip("nginx is not installed: the lesson printed how to install it")
    assert row(table, "plain HTTP + spoofed header, straight to gunicorn") == ["200", "200"]
    assert row(table, "plain HTTP + spoofed header, through Nginx") == ["301", "301"]
    assert row(table, "HTTPS through Nginx") == ["200", "200"]
    assert row(table, "its HSTS header") == ["max-age=300", "max-age=300"]
    assert row(table, "a request, straight to gunicorn") == ["200", "200"]
    assert row(table, "2 stalled clients, then a request, straight to gunicorn") == ["no answer within 2 s"] * 2
    assert row(table, "2 stalled clients, then a request, through Nginx") == ["200", "200"]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_both_images_run_behind_nginx_and_answer_every_probe(lesson, shown):
    text = shown["l15-flask-container"]
    assert "'Django': 'gunicorn wsgi:application'" in text
    assert "'Flask': 'gunicorn --config flask_gunicorn.conf.py flask_shop:create_app()'" in text
    answers = re.findall(r"^\s*\d+\s+(Django|Flask)\s+(.+?)\s+(\d{3})\)?$", text, re.MULTILINE)
    if answers:  # none when nginx is missing
        assert sorted(answers) == sorted((image, request, "200") for image in ("Django", "Flask")
                                         for request in ("readinessProbe /readyz/", "HTTPS /api/products/"))


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_both_builds_answer_as_serverless_functions(lesson, shown):
    read, write = shown["l15-serverless-invoke"], shown["l15-serverless-write"]
    assert row(read, "statusCode") == ["200", "200"] and row(read, "body") == ["[]", "[]"]
    assert row(write, "statusCode") == ["401", "401"]
    cold = shown["l15-cold-start-flask"]
    assert re.search(r"Django\s+Flask", cold) and "import seconds (median of 2)" in cold


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSON])
def test_the_linters_find_nothing(lesson, shown):
    assert shown["l15-linters"] in ("{'Dockerfile': [], 'Dockerfile.flask': [], 'nginx.conf': []}",
                                    "{'Dockerfile': [], 'Dockerfile.flask': []}")
