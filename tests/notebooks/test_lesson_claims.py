"""What a lesson's text says agrees with what its cells print: spot checks of quoted numbers and statuses.

Each test reads one lesson's executed notebook (the session's shared runs, see
conftest.py) and sets a sentence of its text beside the output the sentence
describes. Lessons are found by their title words: their numbers change.
"""

from __future__ import annotations

import ast
import re

import pandas as pd
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


def every_block_row(text: str, label: str) -> list[str]:
    """A row's values across every block of a printed DataFrame too wide for one block."""
    return [value for line in text.splitlines() if line.startswith(label) for value in line[len(label):].split()]


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
    text = "".join(cell(run, "l05-restart-md").source)
    assert "DRF's `CharField` trims the spaces" in text and "the Flask schema stores\nthe name as sent" in text
    assert "takes `\"5\"` and `5.0` as 5, while the\nstrict Flask schema refuses both" in text
    assert "leaves the stored value on both sides here" in text
    table = printed(run, "l05-open-cases")
    assert table_row(table, "POST name ' Mug ': status") == ["201", "201"]            # Flask, Django
    (stored,) = [line for line in table.splitlines() if line.startswith("POST name ' Mug ': name stored")]
    assert stored.split("stored", 1)[1].split() == ["'", "Mug", "'", "'Mug'"]        # ' Mug ' and 'Mug'
    assert table_row(table, "PUT, in_stock left out: in_stock (was false)") == ["False", "False"]
    assert table_row(table, 'POST price_cents "5": status') == ["400", "201"]
    assert table_row(table, "POST price_cents 5.0: status") == ["400", "201"]
    persisted = ast.literal_eval(printed(run, "l05-restart"))
    assert all(count > 0 for count in persisted.values()), persisted
    allow = ast.literal_eval(printed(run, "l06-allow"))
    methods = [{m.strip() for m in header.split(",")} for header in allow.values()]
    assert methods[0] == methods[1] and {"GET", "POST"} <= methods[0], allow
    assert "six actions" in "".join(cell(run, "l05-cfd4873d").source)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [SIDE_BY_SIDE])
def test_the_side_by_side_count_keeps_error_code_apart_and_the_check_gives_feedback(lesson, lesson_runs):
    run = lesson_runs.result(lesson)
    assert run.error is None, run.error
    assert printed(run, "l06-count-check").startswith("not done yet")   # the learner's cell is empty in a fresh run
    counted = printed(run, "l06-lines-table")    # the table the count's model answer completed
    errors = every_block_row(counted, "errors in the contract's shapes")
    assert int(errors[0]) > 0 and errors[1] == "0"
    total = every_block_row(counted, "total")
    assert 2 < int(total[0]) / int(total[1]) < 3    # the matrix's table says "more than twice DRF's"
    (figure,) = cell(run, "l06-lines-chart").outputs                 # drawn from the same table, above it
    assert "image/png" in figure.data and f"total {total[0]} and {total[1]}." in figure.metadata["image/png"]["alt"]
    assert "more than twice DRF's" in "".join(cell(run, "l05-5bdecd98").source)
    assert "[inspected]" in printed(run, "l05-23bf4db8") and "[stated]" in printed(run, "l05-23bf4db8")


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


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [CHOOSING])
def test_the_choosing_conclusion_says_what_the_reports_ratios_allow(lesson, lesson_runs):
    """Routing, the ORMs and the full stacks are ties by the rule, the last with Flask's median ahead."""
    from course_paths import REPO_ROOT

    from apilab.measure.bench_ladder import ladder_ratios

    run = lesson_runs.result(lesson)
    assert run.error is None, run.error
    text = "".join(cell(run, "choose-20-paragraph").source)
    assert "own request handling measured as a tie" in text
    assert "Django's ORM was ahead of\nSQLAlchemy in most of the ladder's rounds (a median of about 1.3×)" in text
    assert "was ahead of DRF's in every round the report measured, by a median of about 1.3× to 1.7×" in text
    assert "costs less per request" not in text
    rows = pd.read_csv(REPO_ROOT / "benchmarks" / "results" / "frameworks.csv")
    rounds = rows.pivot_table(index=["server_label", "concurrency", "run"], columns="framework",
                              values="requests_per_s")
    stacks = rounds["flask-marshmallow"] / rounds["drf"]
    assert (stacks > 1).all()
    medians = stacks.drop(index="development server", level=0).groupby(level=0).median()
    assert medians.between(1.25, 1.8).all(), medians
    ratios = ladder_ratios(pd.read_csv(REPO_ROOT / "benchmarks" / "results" / "ladder.csv")).set_index("compares")
    assert ratios.loc["frameworks alone, raw SQL", "reading"].startswith("tie")
    assert ratios.loc["with each one's usual ORM", "reading"].startswith("tie")
    ladder = pd.read_csv(REPO_ROOT / "benchmarks" / "results" / "ladder.csv").pivot_table(
        index="run", columns="framework", values="requests_per_s")
    orm = ladder["flask-sqlalchemy"] / ladder["django"]
    assert (orm < 1).mean() > 0.5 and 1.2 <= 1 / orm.median() <= 1.45, orm
    with_serializer = ratios.loc["with ORM and serializer"]
    assert with_serializer.reading.startswith("tie") and with_serializer.lowest > 1, with_serializer
    assert "tie" in printed(run, "choose-20-readings")
