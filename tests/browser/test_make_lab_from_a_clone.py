"""The self-study loop from a fresh clone, as ``make lab`` opens it: lesson, exercise, score, restart.

A copy of the course's tracked files is committed into a new git repository, and
``apilab lab`` (what ``make lab`` runs) is started in it with that copy's package
first on the path. In chromium the learner lands on the index in their workspace,
runs a lesson, fetches the first exercise, answers it, validates and submits it;
the score and the feedback come into view, the model answer and the next
exercise are there; the sidebar shows the progress, and the due dates and late
policy an instructor publishes. ``git status`` stays clean all along, and after a restart
the lab is back on the same address with the learner's work as it was.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from assignment_list_steps import shipped_exercises, submit_and_wait_for_the_score, validate_fetched
from course_copy import committed_copy, git_status
from grading_support import answer_with_the_model

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
LESSON = "notebooks/01-Setting-Up-The-Environment.ipynb"
EXERCISE = "01-flask-api"
START_TIMEOUT_S = 120
OUTPUT_LINES_KEPT = 200  # of the lab's log, printed when the test fails


class MakeLab:
    """``apilab lab`` run in the copy as ``make lab`` runs it; its URL read from its first line."""

    def __init__(self, course: Path, home: Path):
        self.course, self.home = course, home
        self.root = course / "my-work"
        self.process = None
        self.url = self.token = self.first_url = ""
        self.output: collections.deque[str] = collections.deque(maxlen=OUTPUT_LINES_KEPT)

    def environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("NBGRADER_", "APILAB_", "JUPYTER")) and key != "PYTHONPATH"}
        env.update({
            "PYTHONPATH": str(self.course / "src"),  # the copy's package, not this checkout's
            "JUPYTER_CONFIG_DIR": str(self.home / "config"),
            "JUPYTER_DATA_DIR": str(self.home / "data"),
            "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(self.home / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.home / "workspaces"),
            "IPYTHONDIR": str(self.home / "ipython"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        })
        return env

    def start(self) -> None:
        # The page's steps read JupyterLab's state from window.jupyterapp, which this setting exposes.
        config = self.home / "config" / "jupyter_server_config.json"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(json.dumps({"LabApp": {"expose_app_in_browser": True}}))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "apilab.course.cli", "lab"], cwd=self.course, env=self.environment(),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        said = []
        for line in self.process.stdout:
            said.append(line)
            if line.startswith("Opening the course: "):
                self.first_url = line.split(": ", 1)[1].strip()
                break
            assert time.monotonic() < deadline, f"apilab lab printed no URL:\n{''.join(said)}"
        assert self.first_url, f"apilab lab stopped before printing its URL:\n{''.join(said)}"
        self.url = self.first_url.split("/lab", 1)[0]
        self.token = self.first_url.rsplit("token=", 1)[1]
        self.output = collections.deque(said, maxlen=OUTPUT_LINES_KEPT)
        self.drain = threading.Thread(target=lambda: self.output.extend(self.process.stdout), daemon=True)
        self.drain.start()  # keeps reading the lab's output so its pipe never fills; its last lines kept
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "JupyterLab stopped while starting"
            try:
                if self.api("GET", "/api/status", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.3)
        raise AssertionError(f"JupyterLab did not answer in {START_TIMEOUT_S} s")

    def api(self, method: str, path: str, timeout: float = 30, **kwargs) -> requests.Response:
        return requests.request(method, self.url + path, headers={"Authorization": f"token {self.token}"},
                                timeout=timeout, **kwargs)

    def lab_url(self, path: str = "") -> str:
        return f"{self.url}/lab{f'/tree/{path}' if path else ''}?token={self.token}"

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self.drain.join(timeout=10)
        self.process.stdout.close()


def digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and ".ipynb_checkpoints" not in path.parts}


@pytest.mark.timeout(1500)
def test_make_lab_from_a_clone_lesson_exercise_score_and_restart(ui_on, artifacts, tmp_path):
    course = committed_copy(tmp_path / "course")
    lab = MakeLab(course, tmp_path / "home")
    ui = None
    try:
        lab.start()
        assert "/lab/tree/notebooks/00-Index.ipynb?token=" in lab.first_url
        ui = ui_on(lab)
        page = ui.page
        page.goto(lab.first_url)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for()
        assert page.locator(".lm-TabBar-tab.lm-mod-current", has_text="00-Index.ipynb").count() == 1
        page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first.wait_for()
        top = {item["name"] for item in lab.api("GET", "/api/contents").json()["content"]}
        assert top == {"notebooks", "site", "nbgrader_config.py"}, f"the workspace shows {sorted(top)}"
        assert page.locator("text=Create Assignment").count() == 0, "the instructor's sidebar is shown"
        assert lab.api("GET", "/formgrader").status_code == 404, "the learner's server runs the Formgrader"
        assert requests.get(lab.url + "/apilab/progress", timeout=30).status_code == 403, "progress without a token"
        page.screenshot(path=str(artifacts / "make-lab-index-in-the-workspace.png"), animations="disabled")

        ui.open_notebook(LESSON)
        assert ui.run_all() == "done"
        ui.save()
        assert git_status(course) == "", "running a lesson changed the checkout"

        ui.menu("Nbgrader", "nbgrader:open-assignment-list")
        released = page.locator("#released_assignments_list > .list_item")
        released.first.wait_for()
        released.first.locator(".item_status button", has_text="Fetch").click()
        fetched = page.locator("#fetched_assignments_list > .list_item")
        fetched.first.wait_for()
        answer_with_the_model(lab.root / EXERCISE / f"{EXERCISE}.ipynb", EXERCISE)
        validate_fetched(page)
        shown = lab.api("GET", "/apilab/progress").json()["exercises"]
        assert shown[0]["exercise"] == EXERCISE and shown[0]["state"] == "validated, passing", shown
        score = submit_and_wait_for_the_score(page)
        assert "scored 20 of 20" in score.inner_text()
        page.locator("#submitted_assignments_list > .list_item").first.locator(
            ".item_status button", has_text="Fetch Feedback").click()
        page.locator("#submitted_assignments_list a", has_text="view feedback").click()
        page.locator(".jp-DirListing-item", has_text=".html").first.wait_for()
        assert page.locator("#released_assignments_list > .list_item .item_name").all_inner_texts() == \
            [shipped_exercises()[1]]
        assert (lab.root / "model-solutions" / EXERCISE / f"{EXERCISE}.ipynb").is_file()
        page.screenshot(path=str(artifacts / "make-lab-score-feedback-next.png"), animations="disabled")
        assert git_status(course) == "", "the exercise loop changed the checkout"

        # Due dates and a late policy, as a class's instructor publishes them (the same exchange, the same steps).
        following = shipped_exercises()[1]
        for command in (["nbgrader", "db", "assignment", "add", EXERCISE, "--duedate=2099-01-31 18:00:00 UTC"],
                        ["nbgrader", "db", "assignment", "add", following, "--duedate=2020-01-31 18:00:00 UTC"],
                        ["apilab.course.cli", "schedule", "--late-policy", "Late work loses 10% a day."]):
            done = subprocess.run([sys.executable, "-m", *command], cwd=course, env=lab.environment(),
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, f"{' '.join(command)}: {done.stdout[-800:]}{done.stderr[-800:]}"

        # The Course progress sidebar: the lesson run, its practice checks, the exercises' states, score and due date.
        page.locator('.jp-SideBar [data-id="apilab-progress"]').click()
        progress = page.locator("#apilab-progress")
        progress.locator("td", has_text="20 of 20").wait_for()
        lesson_row = progress.locator("tr", has=page.locator("td", has_text="01 Setting Up The Environment"))
        assert lesson_row.locator("td").all_inner_texts()[1:] == ["✓", "0 of 2 pass"]
        exercise_rows = [row.locator("td").all_inner_texts()
                         for row in progress.locator(".apilab-progress-exercises tbody tr").all()]
        assert exercise_rows[0] == [EXERCISE, "submitted", "20 of 20"] and exercise_rows[2] == \
            [following, "released", "–"], exercise_rows
        # Each due date on a line of its own, in the browser's time zone, and in UTC when the mouse is over it.
        dues = progress.locator("td.apilab-progress-due")
        assert dues.evaluate_all("cells => cells.map(cell => cell.title)") == \
            ["2099-01-31 18:00 UTC", "2020-01-31 18:00 UTC"]
        first_due, second_due = exercise_rows[1][0], exercise_rows[3][0]
        assert first_due.startswith("due ") and "2099" in first_due and "past due" not in first_due, first_due
        assert second_due.startswith("due ") and "2020" in second_due and second_due.endswith(" · past due"), \
            second_due
        assert progress.locator(".apilab-progress-late").all_inner_texts() == ["Late work: Late work loses 10% a day."]
        page.screenshot(path=str(artifacts / "make-lab-course-progress.png"), animations="disabled")

        page.close()
        lab.api("GET", "/api/sessions")  # the server still answers before the restart
        work_before = digests(lab.root)
        first = lab.first_url
        lab.stop()
        lab.start()
        assert lab.first_url == first, "a restart moved the lab to another address"
        assert {name: digest for name, digest in digests(lab.root).items() if name in work_before} == work_before
        assert git_status(course) == ""
    except Exception:
        if ui is not None and not ui.page.is_closed():
            ui.page.screenshot(path=str(artifacts / "failed-make-lab-from-a-clone.png"))
        print("The lab's last lines:", *lab.output, sep="\n")  # shown with the failure
        raise
    finally:
        lab.stop()
