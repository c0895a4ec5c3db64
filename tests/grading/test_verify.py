"""Verification from outside: the learner's answer served by a process of its own, checked by the grader."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from grading_support import REPO_ROOT

from apilab.contract.checks import run_checks
from apilab.exercises import products_api
from apilab.grading.limits import cgroup_version
from apilab.grading.sandbox import sandbox_problem
from apilab.grading.verify import verify_notebook

# Each test starts the verification process (and the grader's checks) for real: more than a unit test's minute.
pytestmark = pytest.mark.timeout(300)

EMPTY_APP = '''
from flask import Flask

def create_app():
    return Flask(__name__)
'''

# The answer, and a trick that only works inside the notebook's own kernel.
CHEAT = '''
from apilab.exercises.spec import GradedCell
GradedCell.earned = lambda self, results: self.points
'''


def notebook_with(tmp_path, assignment, answer=None):
    """The solution notebook of ``assignment``, its answer cell replaced by ``answer`` when given."""
    notebook = nbformat.read(REPO_ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    if answer is not None:
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = answer
    path = tmp_path / f"{assignment}.ipynb"
    nbformat.write(notebook, path)
    return path


def verify_solution_with(tmp_path, extra: str):
    """Verify exercise 1's solution with ``extra`` code appended to its answer cell."""
    source = nbformat.read(REPO_ROOT / "solutions" / "01-flask-api" / "01-flask-api.ipynb", as_version=4)
    answer = next(cell for cell in source.cells if cell.metadata.get("nbgrader", {}).get("solution"))
    answer.source += extra
    path = tmp_path / "01-flask-api.ipynb"
    nbformat.write(source, path)
    return verify_notebook("01-flask-api", path, REPO_ROOT / "solutions" / "01-flask-api")


@pytest.mark.parametrize("assignment", ["01-flask-api", "02-drf-api"])
def test_the_solution_earns_every_point(tmp_path, assignment):
    path = notebook_with(tmp_path, assignment)
    verification = verify_notebook(assignment, path, REPO_ROOT / "solutions" / assignment)
    assert verification.problems == []
    assert verification.points == verification.possible
    assert sum(verification.possible.values()) == 20
    assert verification.checks and all(check["passed"] for check in verification.checks)


def test_a_trick_inside_the_kernel_changes_nothing_outside(tmp_path):
    path = notebook_with(tmp_path, "01-flask-api", EMPTY_APP + CHEAT)
    verification = verify_notebook("01-flask-api", path, REPO_ROOT / "solutions" / "01-flask-api")
    assert sum(verification.points.values()) < 2, verification.points
    failed = [check for check in verification.checks if not check["passed"]]
    assert failed and "404" in failed[0]["message"]


@pytest.mark.parametrize("trick, named", [
    ("get_ipython().set_custom_exc((AssertionError,), lambda *args, **kwargs: None)", "set_custom_exc"),
    ("get_ipython().display_formatter.formatters['text/plain'].for_type(float, lambda v, p, c: p.text('20'))",
     "the text shown for float"),
])
def test_an_answer_changing_how_results_show_is_named(tmp_path, trick, named):
    """A trick on the graded notebook's display gains nothing from outside, and the flag says which it was."""
    verification = verify_solution_with(tmp_path, "\n" + trick)
    assert verification.problems[0].startswith("the answer cells change how the notebook shows results")
    assert named in verification.problems[0]
    assert verification.points == verification.possible  # the answer itself is right: its points stand


def test_an_answer_that_does_not_run_is_said_so(tmp_path):
    path = notebook_with(tmp_path, "01-flask-api", "raise NotImplementedError()")
    verification = verify_notebook("01-flask-api", path, REPO_ROOT / "solutions" / "01-flask-api")
    assert sum(verification.points.values()) == 0
    assert any("NotImplementedError" in problem for problem in verification.problems)
    assert any("create_app is not defined" in check["message"] for check in verification.checks)


def test_assignments_without_a_verifier_are_not_verified(tmp_path):
    assert verify_notebook("99-not-an-assignment", tmp_path / "x.ipynb", tmp_path) is None


def test_a_helper_in_a_cell_the_learner_added_runs_too(tmp_path):
    """A correct answer whose validation lives in a code cell of its own, added above the answer cell."""
    source = nbformat.read(REPO_ROOT / "solutions" / "01-flask-api" / "01-flask-api.ipynb", as_version=4)
    answer = next(cell for cell in source.cells if cell.metadata.get("nbgrader", {}).get("solution"))
    helper, rest = answer.source.split("def create_app", 1)
    answer.source = "def create_app" + rest
    position = source.cells.index(answer)
    source.cells.insert(position, nbformat.v4.new_code_cell(helper))  # a new cell id, no nbgrader metadata
    path = tmp_path / "01-flask-api.ipynb"
    nbformat.write(source, path)
    verification = verify_notebook("01-flask-api", path, REPO_ROOT / "solutions" / "01-flask-api")
    assert verification.problems == []
    assert verification.points == verification.possible


def test_cells_the_learner_added_do_not_replace_the_release_cells(tmp_path):
    """An added cell runs where the learner put it; a copy of a test cell (its grade id again) is dropped."""
    from apilab.grading.verify import ADDED, working_copy

    released = REPO_ROOT / "solutions" / "01-flask-api"
    notebook = nbformat.read(released / "01-flask-api.ipynb", as_version=4)
    test_cell = next(cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade"))
    copy = nbformat.v4.new_code_cell("print('a copy')", metadata={"nbgrader": dict(test_cell.metadata["nbgrader"])})
    notebook.cells += [copy, nbformat.v4.new_code_cell("EXTRA = 1")]
    notebook.cells[0], notebook.cells[1] = notebook.cells[1], notebook.cells[0]
    path = tmp_path / "submitted.ipynb"
    nbformat.write(notebook, path)
    (tmp_path / "copy").mkdir()
    path = path.rename(tmp_path / "01-flask-api.ipynb")
    kept = nbformat.read(working_copy(path, released, tmp_path / "copy"), as_version=4)
    assert [cell.source for cell in kept.cells if cell.metadata.get(ADDED)] == ["EXTRA = 1"]
    assert "print('a copy')" not in [cell.source for cell in kept.cells]
    original = nbformat.read(released / "01-flask-api.ipynb", as_version=4)
    assert len(kept.cells) == len(original.cells) + 1


def start_runner(workdir):
    """A Runner serving the solution of exercise 1 from a working copy in ``workdir``."""
    from apilab.grading.runner import Runner
    from apilab.grading.verify import working_copy

    released = REPO_ROOT / "solutions" / "01-flask-api"
    copy = working_copy(released / "01-flask-api.ipynb", released, workdir)
    runner = Runner(copy, "01-flask-api", workdir)
    assert "error" not in runner.start()
    return runner


@pytest.fixture
def served(tmp_path):
    """A Runner serving exercise 1's solution from a working copy in tmp_path: (runner, reply to "serve")."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    runner = start_runner(workdir)
    try:
        yield runner, runner.ask("serve")
    finally:
        runner.stop()


def test_the_app_is_served_on_a_socket_of_the_graders_that_the_sandbox_never_sees(served):
    import requests_unixsocket

    runner, reply = served
    assert reply["url"].startswith("http+unix://")
    with requests_unixsocket.Session() as session:
        assert session.get(reply["url"] + "/api/products/", timeout=5).json() == []
    path = reply["url"].removeprefix("http+unix://").replace("%2F", "/")
    assert runner.workdir not in Path(path).parents and Path(path).is_socket()
    assert Path(path).parent.stat().st_mode & 0o777 == 0o700  # the grader's alone
    assert not [each for each in runner.workdir.iterdir() if each.is_socket()]


def test_what_the_answer_writes_stays_in_its_scratch_copy(tmp_path):
    """The working copy the grader made is read-only inside, and the answer's own files vanish with it."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    from apilab.grading.runner import Runner
    from apilab.grading.verify import working_copy

    released = REPO_ROOT / "solutions" / "01-flask-api"
    notebook = nbformat.read(released / "01-flask-api.ipynb", as_version=4)
    answer = next(cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("solution"))
    answer.source += ("\nopen('left-behind.txt', 'w').write('x' * 1000)\n"
                      "try:\n    open('01-flask-api.ipynb', 'w')\nexcept OSError as error:\n    WRITE = error.errno\n")
    submitted = tmp_path / "01-flask-api.ipynb"
    nbformat.write(notebook, submitted)
    runner = Runner(working_copy(submitted, released, workdir), "01-flask-api", workdir)
    try:
        assert runner.start()["problems"] == []
    finally:
        runner.stop()
    assert sorted(path.name for path in workdir.iterdir()) == ["01-flask-api.ipynb"]


def test_a_working_copy_deeper_than_a_sockets_path_allows_still_serves(tmp_path):
    """A socket's path has at most 107 bytes; the working copy's folder (under TMPDIR) may be longer."""
    workdir = tmp_path / ("d" * 60) / ("e" * 60)
    workdir.mkdir(parents=True)
    assert len(str(workdir / "verify-1.sock")) > 108
    runner = start_runner(workdir)
    try:
        reply = runner.ask("serve")
        assert "url" in reply, reply
        report = run_checks(reply["url"])
        assert report.passed, report.failures
    finally:
        runner.stop()


@pytest.mark.skipif(os.geteuid() != 0 or not os.path.exists("/usr/bin/python3"),
                    reason="needs root, to connect as another Unix user (nobody) with Debian's python3")
def test_another_unix_user_cannot_reach_the_app_being_checked(served):
    """On a shared machine (a hub), another user's process cannot connect to the app a submission serves."""
    _, reply = served
    socket_path = reply["url"].removeprefix("http+unix://").replace("%2F", "/")
    code = ("import socket\ns = socket.socket(socket.AF_UNIX)\n"
            f"try:\n    s.connect({socket_path!r})\n    print('connected')\nexcept OSError as error:\n"
            "    print(error.errno)")
    other = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                            "/usr/bin/python3", "-c", code], capture_output=True, text=True, timeout=30)
    assert other.stdout.strip() == "13", other  # EACCES: the sockets' folder is the grader's alone


def test_a_reply_naming_anything_but_one_of_its_sockets_is_refused(served, tmp_path):
    """The reply comes from a process running the learner's code: it could name any socket on the machine."""
    runner, _ = served
    for name in (str(tmp_path / "elsewhere.sock"), "../0", "1.0", -1, 32, True, None, ""):
        with pytest.raises(ValueError, match="the answer process named socket"):
            runner.socket_url(name)
    assert len(runner.ask("serve_two")["urls"]) == 2  # and it still serves


# Answer code writing the bytes put in for %s to each descriptor it has open, the runner's replies among them.
WRITE_TO_EVERY_PIPE = """
import os
for fd in range(3, 10):
    try:
        os.write(fd, %s)
    except OSError:
        pass
"""


def test_a_reply_that_is_not_an_object_is_passed_over(tmp_path):
    """The learner's code can write to the replies' pipe too: a line that is not a JSON object is no reply."""
    verification = verify_solution_with(tmp_path, WRITE_TO_EVERY_PIPE % r"b'5\n[]\n'")
    assert verification.points == verification.possible, verification.problems


def test_a_garbled_exchange_leaves_no_cell_its_notebook_score(tmp_path):
    """A forged first reply the grader cannot read: every cell earns 0 from outside, saying why (the notebook's
    own score, which the same code could have set, is never what stays)."""
    verification = verify_solution_with(tmp_path, WRITE_TO_EVERY_PIPE % r"""b'{"problems": 5}\n'""")
    assert verification.problems[-1].startswith("the check from outside could not finish (TypeError")
    assert set(verification.points) == {cell.grade_id for cell in products_api.FLASK_API.cells}
    assert sum(verification.points.values()) == 0 and sum(verification.possible.values()) == 20


def test_a_url_in_a_reply_is_never_taken_only_the_graders_own_sockets(tmp_path):
    """An answer that swaps the exercise's ops in its process to reply with a URL of some other server: the
    grader drops it (only its sockets are ever checked), so the cells earn nothing."""
    from sample_answers.hostile import FORGE_THE_URLS

    verification = verify_solution_with(tmp_path, FORGE_THE_URLS + "\ndef create_app():\n    return None\n")
    assert sum(verification.points.values()) == 0 and sum(verification.possible.values()) == 20
    assert not any(check["passed"] for check in verification.checks)
    assert any("could not be served" in check["message"] for check in verification.checks), verification.checks


@pytest.mark.skipif(not cgroup_version() or bool(sandbox_problem()), reason="needs bwrap and control groups here")
def test_what_the_grader_runs_beside_the_answer_has_a_control_group_of_its_own(served, tmp_path):
    """The probe of exercise 3 and the settings check of exercise 4 run the learner's code too (sandbox_wrap):
    each such run counts its processes in a group of its own, removed with the runner."""
    import json

    runner, _ = served
    (tmp_path / "apps").mkdir()
    wrap = runner.sandbox_wrap(tmp_path / "apps")
    command = wrap([sys.executable, "-c", "import os; print(os.environ.get('ONLY_THIS'), os.environ.get('HOME'))"],
                   {"ONLY_THIS": "given"})
    spec = json.loads(command[command.index("-c") + 2])
    assert spec["cgroups"] and all(Path(path).exists() for path in spec["cgroups"])
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path / "apps")
    assert done.stdout.split() == ["given", str((tmp_path / "apps").resolve())], done
    runner.stop()
    assert not any(Path(path).parent.exists() for path in spec["cgroups"])
