"""What a lesson's text says agrees with what its cells print: spot checks of quoted numbers and statuses.

Each test reads one lesson's executed notebook (the session's shared runs, see
conftest.py) and sets a sentence of its text beside the output the sentence
describes. Lessons are found by their title words: their numbers change.
"""

from __future__ import annotations

import ast
import re

import pytest
from lesson_runs import lesson_paths


def lesson_named(title_words: str) -> str:
    (path,) = [path for path in lesson_paths() if path.name.endswith(title_words)]
    return path.name


def cell(run, cell_id: str):
    (found,) = [c for c in run.notebook.cells if c.get("id") == cell_id]
    return found


def printed(run, cell_id: str) -> str:
    """The plain text a code cell showed: its result and what it printed."""
    texts = []
    for output in cell(run, cell_id).get("outputs", []):
        if output.output_type == "stream":
            texts.append(output.text)
        elif "data" in output:
            texts.append(output.data.get("text/plain", ""))
    return "\n".join(texts)


def table_row(text: str, label: str) -> list[str]:
    """The values of the row of a printed DataFrame whose label starts the line."""
    (line,) = [line for line in text.splitlines() if line.startswith(label)]
    return line[len(label):].split()


DJANGO = lesson_named("Django-And-DRF.ipynb")
SIDE_BY_SIDE = lesson_named("Side-By-Side.ipynb")
CHOOSING = lesson_named("Choosing.ipynb")


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [DJANGO])
def test_the_csrf_section_says_what_the_statuses_show(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, run.error
    text = "".join(cell(run, "l04-62241e81").source)
    assert "is never asked for a CSRF token" in text
    statuses = ast.literal_eval(printed(run, "l04-csrf-scope"))
    # The anonymous write is refused by the permission (401), not by CSRF; the forged one by CSRF (403).
    assert statuses == {"anonymous, no cookie": 401, "session cookie, no CSRF token": 403,
                        "session cookie + CSRF token": 201}
    anonymous_status = printed(run, "l04-df6dfc4d").strip("()").split(",")[0]
    assert anonymous_status == "401"


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [SIDE_BY_SIDE])
def test_the_side_by_side_lesson_shows_the_differences_it_describes(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, run.error
    text = "".join(cell(run, "l05-19e854ad").source)
    assert "DRF's `CharField`\ntrims it" in text and "rejects a leading space" in text
    table = printed(run, "l05-open-cases")
    assert table_row(table, "POST name ' Mug ': status") == ["400", "201"]            # Flask, Django
    assert table_row(table, "POST name ' Mug ': name stored") == ["(refused)", "'Mug'"]
    assert table_row(table, "PUT, in_stock left out: in_stock (was false)") == ["True", "False"]
    restart = ast.literal_eval(printed(run, "l05-restart"))
    assert restart["Flask products after a restart"] == 0 < restart["Django products after a restart"]
    assert "six actions" in "".join(cell(run, "l05-cfd4873d").source)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [CHOOSING])
def test_the_choosing_lesson_quotes_the_reports_ratio_and_names_its_rungs(lesson, lesson_runs):
    from course_paths import REPO_ROOT

    from apilab.lessons.decision_guide import benchmark_evidence

    run = lesson_runs.result(lesson)
    assert run.error is None, run.error
    quoted = ast.literal_eval(printed(run, "choose-07"))
    report = benchmark_evidence(REPO_ROOT / "benchmarks" / "results" / "ladder.csv")
    assert quoted["the same rungs in the report"] == round(report["flask_per_drf_throughput"], 2)
    # The text calls the last ratio "Flask reading rows with raw SQL against DRF": so does the table.
    assert "Flask + raw SQL / Django ORM + DRF serializer" in printed(run, "choose-04")
    assert re.search(r"raw SQL against DRF", "".join(cell(run, "choose-05-read").source))
