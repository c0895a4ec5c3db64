"""A whole term of the course on a real JupyterHub, through the interfaces learners and instructors use.

Learners log in as a browser does and press Fetch, Submit and Fetch Feedback
through the Assignment List's own endpoints; they work in their notebooks
through the server's contents API. The instructor runs the course's commands
in a shell as their Unix user (as in their hub terminal): release, collect,
the course's parallel grading into the PostgreSQL gradebook (two graders at
once), feedback. The tests run in file order and share one term.
"""

import importlib.util
import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hub_support import COURSE_ID, RUNUSER

pytestmark = pytest.mark.hub

ASSIGNMENT = "01-flask-api"
NOTEBOOK = f"{COURSE_ID}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"  # where the Assignment List fetches it to
SAMPLES = Path(__file__).resolve().parents[1] / "grading" / "samples" / ASSIGNMENT
# What each learner hands in: a sample submission of the grading tests, or nothing (the blank exercise).
ANSWERS = ["blueprint_methodview", "no_validation", None]


def sample(name: str):
    spec = importlib.util.spec_from_file_location(f"hub_sample_{name}", SAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def expected_score(name: str | None) -> float:
    return float(sample(name).EXPECTED_SCORE) if name else 0.0


@pytest.fixture(scope="module")
def term(class_hub):
    """The released assignment, every learner's server started and a logged-in browser for each."""
    # A new gradebook learns the assignment's cells from generate_assignment; then it is released.
    for step in (["generate_assignment", ASSIGNMENT, "--force"], ["release_assignment", ASSIGNMENT]):
        done = class_hub.as_user(class_hub.instructor, ["nbgrader", *step], cwd=class_hub.course)
        assert done.returncode == 0, done.stderr[-2000:]
    with ThreadPoolExecutor(max_workers=len(class_hub.learners)) as pool:
        start_times = list(pool.map(class_hub.start_server, class_hub.learners))
    browsers = {learner: class_hub.login(learner) for learner in class_hub.learners}
    class_hub.timings["learner servers (parallel), slowest"] = max(start_times)
    yield {"browsers": browsers, "answers": dict(zip(class_hub.learners, ANSWERS))}
    for browser in browsers.values():
        browser.close()


def released_assignments(browser) -> list[dict]:
    reply = browser.server("GET", "/assignments", params={"course_id": COURSE_ID})
    reply.raise_for_status()
    listing = reply.json()
    assert listing["success"], listing
    return listing["value"]


def test_learners_fetch_the_released_assignment(term):
    for learner, browser in term["browsers"].items():
        offered = [a for a in released_assignments(browser) if a["assignment_id"] == ASSIGNMENT]
        assert [a["status"] for a in offered] == ["released"], offered
        after = browser.assignment_action("fetch", ASSIGNMENT)
        assert any(a["assignment_id"] == ASSIGNMENT and a["status"] == "fetched" for a in after["value"]), after
        notebook = browser.server("GET", f"/api/contents/{NOTEBOOK}")
        assert notebook.status_code == 200, f"{learner}: {notebook.status_code}"


def test_learners_work_and_submit(term):
    for learner, browser in term["browsers"].items():
        answer = term["answers"][learner]
        if answer:
            model = browser.server("GET", f"/api/contents/{NOTEBOOK}").json()
            for cell in model["content"]["cells"]:
                grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
                if grade_id in sample(answer).ANSWERS:
                    cell["source"] = sample(answer).ANSWERS[grade_id]
            saved = browser.server("PUT", f"/api/contents/{NOTEBOOK}",
                                   json={"type": "notebook", "format": "json", "content": model["content"]})
            assert saved.status_code == 200, saved.text[:300]
        submitted = browser.assignment_action("submit", ASSIGNMENT)
        assert isinstance(submitted, dict) and submitted.get("success", True) is not False, submitted
        statuses = {a["status"] for a in submitted["value"] if a["assignment_id"] == ASSIGNMENT}
        assert "submitted" in statuses, submitted


def test_a_learner_cannot_reach_another_learners_work(class_hub, term):
    first, second = class_hub.learners[:2]
    browser = term["browsers"][first]
    other_server = browser.server("GET", "/api/contents/", owner=second, allow_redirects=False)
    assert other_server.status_code in (302, 403), other_server.status_code
    assert "content" not in other_server.text
    inbound = class_hub.exchange / COURSE_ID / "inbound"
    listing = class_hub.as_user(first, ["ls", str(inbound)])
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    # The Assignment List shows a learner their own submissions only.
    reply = browser.server("GET", "/assignments", params={"course_id": COURSE_ID})
    for entry in reply.json()["value"]:
        for submission in entry.get("submissions", []):
            assert submission.get("student_id", first) == first


def run_as_instructor(class_hub, *command):
    result = class_hub.as_user(class_hub.instructor, list(command), cwd=class_hub.course)
    assert result.returncode == 0, f"{' '.join(command)}: {result.stdout[-1500:]} {result.stderr[-1500:]}"
    return result


def test_the_instructor_collects_grades_in_postgresql_and_returns_feedback(class_hub, term):
    run_as_instructor(class_hub, "nbgrader", "collect", ASSIGNMENT)
    learners = class_hub.learners
    # Two graders at once on the PostgreSQL gradebook, each grading in parallel (apilab grade-class).
    halves = [learners[:1], learners[1:]]
    graders = []
    for half in halves:
        command = ["apilab", "grade-class", ASSIGNMENT, "--jobs", "2", *sum((["--student", s] for s in half), [])]
        token = class_hub.api("POST", f"/users/{class_hub.instructor}/tokens", json={"note": "grader"}).json()["token"]
        env = dict(class_hub.hub_environment(), HOME=str(class_hub.course.parent), USER=class_hub.instructor,
                   JUPYTERHUB_API_TOKEN=token)
        graders.append(subprocess.Popen([RUNUSER, "-u", class_hub.instructor, "--", *command], cwd=class_hub.course,
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    outputs = [grader.communicate(timeout=600)[0] for grader in graders]
    assert all(grader.returncode == 0 for grader in graders), outputs

    from nbgrader.api import Gradebook

    with Gradebook(class_hub.db_url, COURSE_ID) as gradebook:
        scores = {learner: gradebook.find_submission(ASSIGNMENT, learner).score for learner in learners}
    # Partial credit sums fractions of points: PostgreSQL may give 12.719999999999999 for 12.72.
    assert scores == pytest.approx({learner: expected_score(term["answers"][learner]) for learner in learners}), outputs
    assert class_hub.db_url.startswith("postgresql")

    run_as_instructor(class_hub, "nbgrader", "generate_feedback", ASSIGNMENT)
    run_as_instructor(class_hub, "nbgrader", "release_feedback", ASSIGNMENT)


def test_learners_fetch_their_own_feedback(class_hub, term):
    for learner, browser in term["browsers"].items():
        after = browser.assignment_action("fetch_feedback", ASSIGNMENT)
        submissions = [s for a in after["value"] if a["assignment_id"] == ASSIGNMENT for s in a.get("submissions", [])]
        assert any(s.get("has_local_feedback") for s in submissions), json.dumps(after)[:800]
        folder = browser.server("GET", f"/api/contents/{COURSE_ID}/{ASSIGNMENT}/feedback").json()
        (timestamp,) = [item["path"] for item in folder["content"] if item["type"] == "directory"]
        html = browser.server("GET", f"/api/contents/{timestamp}/{ASSIGNMENT}.html").json()["content"]
        shown = re.search(r"\(Score: ([0-9.]+) / 20\.0\)", html)
        expected = expected_score(term["answers"][learner])
        assert shown and float(shown.group(1)) == pytest.approx(expected, abs=0.01), \
            f"{learner}'s feedback shows {shown and shown.group(0)}, not a score of {expected} / 20.0"
        assert "BEGIN HIDDEN TESTS" not in html


def test_the_formgrader_opens_for_the_instructor_only(class_hub, term):
    instructor = class_hub.login(class_hub.instructor, next_path="/hub/home")
    page = instructor.session.get(f"{class_hub.url}/services/{COURSE_ID}/formgrader", timeout=120)
    assert page.status_code == 200 and "formgrader" in page.text.lower(), class_hub.hub.log()[-4000:]
    learner = term["browsers"][class_hub.learners[0]]
    refused = learner.session.get(f"{class_hub.url}/services/{COURSE_ID}/formgrader", timeout=60)
    assert refused.status_code == 403, refused.status_code
    # The instructor's tools are the formgrader service's only: none in a learner's own server.
    assert learner.server("GET", "/formgrader").status_code == 404
    instructor_plugins = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"]
    learners_page = learner.server("GET", "/lab").text
    service_page = instructor.session.get(f"{class_hub.url}/services/{COURSE_ID}/lab", timeout=120).text
    for plugin in instructor_plugins:
        assert disabled(plugin, learners_page), f"{plugin} is on in a learner's JupyterLab"
        assert not disabled(plugin, service_page), f"{plugin} is off in the formgrader service's JupyterLab"
    instructor.close()


def test_a_learners_course_progress_sidebar_reads_their_lessons_exercises_and_due_dates(class_hub, term):
    # The instructor gives the assignment a due date and publishes it with the late policy for the class.
    run_as_instructor(class_hub, "nbgrader", "db", "assignment", "add", ASSIGNMENT, "--duedate=2099-01-31 18:00:00 UTC")
    run_as_instructor(class_hub, "apilab", "schedule")
    learner = term["browsers"][class_hub.learners[0]]
    assert "apilab-progress" in learner.server("GET", "/lab").text, "the sidebar is not in the learner's JupyterLab"
    progress = learner.server("GET", "/apilab/progress")
    assert progress.status_code == 200, progress.text[:300]
    shown = progress.json()
    assert len(shown["lessons"]) == 16 and shown["lessons"][0]["path"].startswith(f"{COURSE_ID}-lessons/")
    assert [(item["exercise"], item["due"], item["late_policy"]) for item in shown["exercises"]] == \
        [(ASSIGNMENT, "2099-01-31T18:00:00+00:00", "A late submission is graded like any other: no penalty.")]
    # Only the instructor can change what the class reads.
    schedule = class_hub.exchange / COURSE_ID / "schedule.json"
    tampered = class_hub.as_user(class_hub.learners[1], ["sh", "-c", f"echo {{}} > {schedule}"])
    assert tampered.returncode != 0 and "Permission denied" in tampered.stderr
    replaced = class_hub.as_user(class_hub.learners[1], ["ln", "-sf", "/dev/null", str(schedule)])
    assert replaced.returncode != 0 and "Permission denied" in replaced.stderr
    # The exchange's root is open to all but sticky: no learner moves the course's folder aside for their own.
    moved = class_hub.as_user(class_hub.learners[1], ["mv", str(schedule.parent), str(class_hub.exchange / "aside")])
    assert moved.returncode != 0 and "not permitted" in moved.stderr, moved.stderr


def disabled(plugin: str, lab_page: str) -> bool:
    """True when JupyterLab's page config (in the /lab page) lists ``plugin`` among its disabled extensions."""
    found = re.search(r'"disabledExtensions": (\[[^\]]*\])', lab_page)
    assert found, "no page config in the /lab page"
    return plugin in json.loads(found.group(1))
