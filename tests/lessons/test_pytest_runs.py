"""Running pytest on a folder in its own process: outcomes per test, failures named, bad input refused."""

import pytest

from apilab.lessons.pytest_runs import run_pytest

TESTS = '''
import pytest


def test_passes():
    assert 1 + 1 == 2


@pytest.mark.parametrize("number", [1, 2, -3])
def test_positive(number):
    assert number > 0, f"{number} is not positive"
'''


@pytest.mark.slow
def test_a_run_reports_each_test_and_names_the_failure(tmp_path):
    (tmp_path / "test_numbers.py").write_text(TESTS)
    run = run_pytest(tmp_path)
    assert run.exit_code == 1 and not run.passed
    assert run.counts() == {"passed": 3, "failed": 1, "error": 0, "skipped": 0}
    failed = run.table().query("outcome == 'failed'")
    assert list(failed["test"]) == ["test_positive[-3]"] and list(failed["file"]) == ["test_numbers"]
    assert "-3 is not positive" in failed["message"].iloc[0]
    assert "FAILED test_numbers.py::test_positive[-3]" in repr(run)


@pytest.mark.slow
def test_arguments_choose_the_files(tmp_path):
    (tmp_path / "test_numbers.py").write_text(TESTS)
    (tmp_path / "test_other.py").write_text("def test_other():\n    pass\n")
    run = run_pytest(tmp_path, "test_other.py")
    assert run.passed and run.counts()["passed"] == 1


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a folder"):
        run_pytest(tmp_path / "nowhere")
