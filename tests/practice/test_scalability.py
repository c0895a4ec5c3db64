"""Self-checks of lesson Scalability: "not done yet", all passed on a model answer, hints on wrong answers."""

import math

import numpy as np
import pandas as pd

from apilab.lessons.practice.scalability import (
    check_django_vs_drf,
    check_ratio_reading,
    check_workers_needed,
    fewest_workers,
)


def failed_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("✗")]


def measured(rates: dict, concurrency=(1, 8), server="gunicorn", workers=2, errors=0) -> pd.DataFrame:
    """Rows like measure_side_by_side's: ``rates`` maps a framework to its req/s in each round."""
    return pd.DataFrame([{"framework": framework, "server": server, "workers": workers, "concurrency": level,
                          "run": run, "requests_per_s": rate * level, "errors": errors, "requests": 100}
                         for framework, per_round in rates.items() for run, rate in enumerate(per_round)
                         for level in concurrency])


# --- Little's law ---------------------------------------------------------------------------------------------


def test_workers_template_is_not_done_yet(capsys):
    def workers_needed(target_per_s, wait_ms):
        ...

    assert check_workers_needed(workers_needed) is None
    assert check_workers_needed(None) is None
    assert capsys.readouterr().out.startswith("not done yet")


def test_workers_rounded_up_pass_in_any_style(capsys):
    assert check_workers_needed(lambda target, wait_ms: math.ceil(target * wait_ms / 1000)) == 0
    assert check_workers_needed(lambda target, wait_ms: float(-(-target * wait_ms // 1000))) == 0
    assert check_workers_needed(lambda target, wait_ms: np.int64(np.ceil(target * wait_ms / 1000))) == 0
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 3 and "✗" not in out


def test_workers_rounded_down_or_doubled_get_hints_without_the_numbers(capsys):
    assert check_workers_needed(lambda target, wait_ms: int(target * wait_ms / 1000)) >= 1
    lines = failed_lines(capsys.readouterr().out)
    assert lines and all("too few" in line for line in lines)
    (one,) = [line for line in lines if "45 req/s" in line]
    assert f"{fewest_workers(45, 100)} workers" not in one     # the hint names the learner's count, not the answer
    assert check_workers_needed(lambda target, wait_ms: 2 * math.ceil(target * wait_ms / 1000)) == 5
    assert all("more than the law asks" in line for line in failed_lines(capsys.readouterr().out))


def test_workers_that_raise_or_return_text_get_failed_lines(capsys):
    def workers_needed(target_per_s, wait_ms):
        return target_per_s / 0

    assert check_workers_needed(workers_needed) == 5
    assert check_workers_needed(lambda target, wait_ms: "five") == 5
    out = capsys.readouterr().out
    assert "ZeroDivisionError" in out and "whole number" in out and "Traceback" not in out


# --- reading a ratio ------------------------------------------------------------------------------------------

TIED = measured({"flask-marshmallow": [100, 130, 90], "drf": [100, 100, 100]})
AHEAD = measured({"flask-marshmallow": [200, 260, 300], "drf": [100, 100, 100]})


def test_ratio_template_is_not_done_yet(capsys):
    assert check_ratio_reading(TIED, None, None) is None
    assert capsys.readouterr().out.startswith("not done yet")


def test_ratio_model_answer_passes(capsys):
    assert check_ratio_reading(TIED, [1.0, 1.3, 0.9], "tie") == 0
    assert check_ratio_reading(AHEAD, [2.0, 2.6, 3.0], "flask-marshmallow") == 0
    assert check_ratio_reading(AHEAD, (2.0, 2.6, 3.0), " Flask-Marshmallow") == 0   # any order, any case
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 3 and "✗" not in out


def test_ratio_inverted_or_misread_gets_the_right_hint(capsys):
    assert check_ratio_reading(AHEAD, [0.5, 1 / 2.6, 1 / 3], "drf") == 2
    out = capsys.readouterr().out
    assert "these are drf ÷ flask-marshmallow" in out and "every round is over 25 % ahead" in out
    assert check_ratio_reading(TIED, [1.0, 1.3, 0.9, 1.0, 1.0, 1.0], "flask") == 3    # both levels, a made-up word
    out = capsys.readouterr().out
    assert "you gave 6 numbers" in out and "say one of" in out
    assert check_ratio_reading(TIED, "1.0", "tie") == 2
    assert "a list of numbers" in capsys.readouterr().out


# --- plain Django against DRF ---------------------------------------------------------------------------------

PAIR = measured({"django": [300, 330, 310], "drf": [200, 200, 250]}, concurrency=(8,))


def test_django_vs_drf_template_is_not_done_yet(capsys):
    assert check_django_vs_drf(None, None, rounds=3) is None
    assert capsys.readouterr().out.startswith("not done yet")


def test_django_vs_drf_model_answer_passes_as_a_table_or_a_dict(capsys):
    from apilab.measure.spread import ratio_spread

    table = ratio_spread(PAIR, "framework", "django", "drf")
    assert check_django_vs_drf(PAIR, table, rounds=3) == 0
    ratios = [1.5, 1.65, 1.24]
    assert check_django_vs_drf(PAIR, {"median": 1.5, "lowest": min(ratios), "highest": max(ratios)}, rounds=3) == 0
    out = capsys.readouterr().out
    assert out.count("All checks passed.") == 2 and "✗" not in out


def test_django_vs_drf_unlike_measurements_and_an_inverted_ratio_get_hints(capsys):
    from apilab.measure.spread import ratio_spread

    threads = measured({"django": [300, 330, 310], "drf": [200, 200, 250]}, concurrency=(8,), server="waitress")
    assert check_django_vs_drf(threads, ratio_spread(threads, "framework", "django", "drf"), rounds=3) == 1
    assert "gunicorn" in "".join(failed_lines(capsys.readouterr().out))
    assert check_django_vs_drf(PAIR, ratio_spread(PAIR, "framework", "drf", "django"), rounds=3) == 1
    assert "that is DRF ÷ Django" in capsys.readouterr().out
    assert check_django_vs_drf(PAIR, "fast", rounds=3) == 1
    assert "ratio_spread's table" in capsys.readouterr().out
    assert check_django_vs_drf(PAIR.drop(columns="errors"), None, rounds=3) == 1
    assert "they lack ['errors']" in capsys.readouterr().out


def test_workers_as_decimals_pass_and_a_list_is_named(capsys):
    from decimal import Decimal

    assert check_workers_needed(lambda target, wait_ms: Decimal(math.ceil(target * wait_ms / 1000))) == 0
    assert "All checks passed." in capsys.readouterr().out
    assert check_workers_needed([5, 18, 5, 6, 1]) == 1
    assert "workers_needed is a function: it is a list" in capsys.readouterr().out


def test_every_hint_fits_its_line(capsys):
    check_ratio_reading(AHEAD, [2.0, 2.6, 3.0], "tie")
    check_django_vs_drf(PAIR, {"median": 9.0, "lowest": 8.0, "highest": 10.0}, rounds=3)
    out = capsys.readouterr().out
    assert "read the lowest and highest" in out and "divide round by round" in out
    assert not [line for line in out.splitlines() if len(line) > 120 or line.endswith("…")]


def test_django_vs_drf_rows_of_another_shape_get_failed_lines_not_exceptions(capsys):
    table = {"median": 1.5, "lowest": 1.24, "highest": 1.65}
    at_one = measured({"django": [300, 330, 310], "drf": [200, 200, 250]}, concurrency=(1,))
    assert check_django_vs_drf(at_one, table, rounds=3) == 2
    out = capsys.readouterr().out
    assert "measure at concurrency 8 only" in out and "no round measured both stacks at 8" in out
    worded = PAIR.assign(errors="none")
    assert check_django_vs_drf(worded, table, rounds=3) == 1
    assert "['errors'] hold values that are not numbers" in capsys.readouterr().out
    mixed = PAIR.assign(run=[0, "1", 2, 0, 1, "two"])
    assert check_django_vs_drf(mixed, table, rounds=3) == 1
    assert "['run'] hold values that are not numbers" in capsys.readouterr().out
    as_text = PAIR.assign(run=PAIR["run"].astype(str), errors=PAIR["errors"].astype(str))
    assert check_django_vs_drf(as_text, ratio_spread_of(PAIR), rounds=3) == 0     # numbers as text still read


def ratio_spread_of(rows):
    from apilab.measure.spread import ratio_spread

    return ratio_spread(rows, "framework", "django", "drf")
