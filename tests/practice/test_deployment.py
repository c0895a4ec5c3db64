"""Self-checks of lesson Deployment: "not done yet", all passed on a model answer, hints on wrong answers."""

import shutil

import pytest
import yaml
from course_paths import NOTEBOOKS

from apilab.lessons.deployment_files import check_deployment
from apilab.lessons.practice.deployment import check_gunicorn_args, check_probe_claim

DEPLOYMENT = NOTEBOOKS / "deployment"


def failed_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("✗")]


# --- gunicorn's settings for a machine's cores ---------------------------------------------------------------


def test_the_gunicorn_template_is_not_done_yet(capsys):
    def gunicorn_args(cores):
        ...

    assert check_gunicorn_args(gunicorn_args, DEPLOYMENT) is None
    assert capsys.readouterr().out.startswith("not done yet")


@pytest.mark.parametrize("gunicorn_args", [
    lambda cores: f"--bind=0.0.0.0:8000 --workers={2 * cores + 1} --access-logfile=-",
    lambda cores: ["-b", "0.0.0.0:8000", "-w", str(cores * 2 + 1), "--access-logfile", "-"],
])
def test_the_suggested_workers_in_any_spelling_pass(gunicorn_args, capsys):
    assert check_gunicorn_args(gunicorn_args, DEPLOYMENT) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("All checks passed.") and "✗" not in out


def test_workers_per_core_and_a_local_bind_get_hints_without_the_numbers(capsys):
    assert check_gunicorn_args(lambda cores: f"--bind=127.0.0.1:8000 --workers={cores} --access-logfile=-",
                               DEPLOYMENT) == 2
    workers, bind = failed_lines(capsys.readouterr().out)
    assert "you gave 1 for 1 cores, 2 for 2 cores" in workers and "2 * cores + 1" not in workers
    assert "3 for 1" not in workers and "bind" in bind


def test_a_function_that_raises_or_an_unknown_option_is_a_failed_point(capsys):
    assert check_gunicorn_args(lambda cores: 1 / 0, DEPLOYMENT) == 1
    assert check_gunicorn_args(lambda cores: f"--wokers={cores}", DEPLOYMENT) == 1
    first, second = failed_lines(capsys.readouterr().out)
    assert "ZeroDivisionError" in first and "gunicorn does not know --wokers" in second


# --- a readiness probe without its Host ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def probe_case(tmp_path_factory):
    """The original folder's checks, the failing rows of a copy without the probe's Host, and an environment."""
    scratch = tmp_path_factory.mktemp("probe")
    copy = scratch / "deployment"
    shutil.copytree(DEPLOYMENT, copy, ignore=shutil.ignore_patterns("__pycache__", "staticfiles", "db.sqlite3"))
    documents = list(yaml.safe_load_all((copy / "kubernetes.yaml").read_text()))
    deployment = next(document for document in documents if document["kind"] == "Deployment")
    del deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["httpHeaders"]
    (copy / "kubernetes.yaml").write_text(yaml.safe_dump_all(documents))
    env = {"DJANGO_SECRET_KEY": "s" * 10 + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
           "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1", "DJANGO_SQLITE_PATH": str(scratch / "db.sqlite3"),
           "DJANGO_STATIC_ROOT": str(scratch / "static")}
    original = check_deployment(DEPLOYMENT)
    return original, check_deployment(copy).query("not passed"), env


def test_the_probe_template_is_not_done_yet(probe_case, capsys):
    original, _, env = probe_case
    assert check_probe_claim(None, None, None, original, DEPLOYMENT, env) is None
    assert capsys.readouterr().out.startswith("not done yet")


def test_the_probe_model_answer_passes(probe_case, capsys):
    original, failing, env = probe_case
    assert check_probe_claim(failing, 400, False, original, DEPLOYMENT, env) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("All checks passed.") and "✗" not in out


def test_wrong_rows_a_wrong_status_and_a_ready_pod_get_hints(probe_case, capsys):
    original, _, env = probe_case
    assert check_probe_claim(original.head(0), 200, True, original, DEPLOYMENT, env) == 3
    rows, status, ready = failed_lines(capsys.readouterr().out)
    assert "0 failing rows" in rows and "you have 200" in status and "200 to 399" in ready
    assert "400" not in status + ready   # the status the app answers is never printed


def test_values_of_the_wrong_kind_are_failed_points_not_tracebacks(probe_case, capsys):
    original, _, env = probe_case
    assert check_probe_claim("rows", "400", "no", original, DEPLOYMENT, env) == 3
    assert len(failed_lines(capsys.readouterr().out)) == 3


@pytest.mark.parametrize("bind", ["0.0.0.0", ":8000", "0.0.0.0:8000"])
def test_every_spelling_of_the_images_address_passes(bind, capsys):
    assert check_gunicorn_args(lambda cores: f"--bind={bind} --workers={2 * cores + 1} --access-logfile=-",
                               DEPLOYMENT) == 0
    assert "✗" not in capsys.readouterr().out


def test_unbalanced_quotes_and_help_are_failed_points_with_nothing_else_printed(capsys):
    assert check_gunicorn_args(lambda cores: "--bind='0.0.0.0:8000 --workers=3", DEPLOYMENT) == 1
    assert check_gunicorn_args(lambda cores: "--help", DEPLOYMENT) == 1
    out = capsys.readouterr().out
    first, second = failed_lines(out)
    assert "cannot be split" in first and "refused" in second
    assert "usage" not in out.lower() and len(out.splitlines()) == 4


def test_the_whole_table_unfiltered_is_not_the_failing_rows(probe_case, capsys):
    original, failing, env = probe_case
    assert check_probe_claim(original, 400, False, original, DEPLOYMENT, env) == 1
    (rows,) = failed_lines(capsys.readouterr().out)
    assert "of your rows passed" in rows
    assert check_probe_claim(failing[["check", "detail"]], 400, False, original, DEPLOYMENT, env) == 1
    (rows,) = failed_lines(capsys.readouterr().out)
    assert "passed column" in rows


def test_numpy_numbers_are_read_as_numbers(probe_case, capsys):
    import numpy as np

    original, failing, env = probe_case
    assert check_probe_claim(failing, np.int64(400), np.bool_(False), original, DEPLOYMENT, env) == 0
    assert "✗" not in capsys.readouterr().out
