"""Self-check cells: "not done yet" on an empty answer, all passed on the model answer, a hint on a wrong one."""

import pandas as pd

from apilab.lessons.code_size import count_lines
from apilab.lessons.practice.side_by_side import check_line_count


def json_errors(app):
    @app.errorhandler(404)
    def not_found(error):
        return {"detail": error.description}, 404


def counted() -> pd.DataFrame:
    return pd.DataFrame({"Flask": {"model": 8, "views": 30}, "Django + DRF": {"model": 7, "views": 10}})


def test_an_empty_answer_is_not_done_yet_and_raises_nothing(capsys):
    assert check_line_count(counted(), flask_errors=json_errors) is None
    assert check_line_count("not a table", flask_errors=json_errors) is None
    assert capsys.readouterr().out.startswith("not done yet")


def test_the_model_answer_passes_every_check(capsys):
    lines = counted()
    lines.loc["errors in the contract's shapes"] = {"Flask": count_lines(json_errors), "Django + DRF": 0}
    lines.loc["total"] = lines.sum()
    assert check_line_count(lines, flask_errors=json_errors) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out


def test_a_wrong_answer_gets_a_hint_but_not_the_answer(capsys):
    lines = counted()
    lines.loc["errors in the contract's shapes"] = {"Flask": 1, "Django + DRF": 3}
    assert check_line_count(lines, flask_errors=json_errors) == 3
    out = capsys.readouterr().out
    assert "you counted 1" in out and "you counted 3" in out and 'add a "total" row' in out
    (flask_line,) = [line for line in out.splitlines() if line.startswith("✗ the Flask build's")]
    assert str(count_lines(json_errors)) not in flask_line   # the expected count is never printed
