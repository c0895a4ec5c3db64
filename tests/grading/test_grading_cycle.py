"""The instructor's whole term on the sample submissions, through nbgrader's filesystem exchange.

In a temp folder: generate and release every assignment; each sample learner
fetches it (with their own exchange cache), answers, and submits; the instructor
collects, autogrades everyone in parallel (``apilab.grading``), generates and
releases feedback, and each learner fetches theirs. Every sample's exact score
is asserted, every flag it must raise, that the gradebook lost nobody, and that
no feedback shows a hidden test.
"""

from __future__ import annotations

import html
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from grading_support import REPO_ROOT, SAMPLES, Sample, copy_course, course_assignments
from traitlets.config import Config

from apilab import grading

pytestmark = [pytest.mark.slow, pytest.mark.cycle]

# One process more than cores: the infinite-loop sample sleeps through the time limit.
JOBS = (os.cpu_count() or 1) + 1
COURSE_ID = grading.load_course_config(REPO_ROOT).CourseDirectory.course_id
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


@dataclass
class Cycle:
    """What the term produced: graded submissions and fetched feedback, by (assignment, student)."""

    course: Path
    api: object
    graded: dict = field(default_factory=dict)
    feedback: dict = field(default_factory=dict)


def learner_config(base: Config, home: Path, sample: Sample) -> Config:
    """The config a learner's own nbgrader would have: the course and exchange, their folder, cache and id."""
    config = Config(base)
    config.merge(Config({
        "Exchange": {"assignment_dir": str(home), "cache": str(home / ".nbgrader_cache")},
        "CourseDirectory": {"course_id": COURSE_ID, "student_id": sample.student, "assignment_id": sample.assignment},
    }))
    return config


def exchange_step(config: Config, step: str) -> None:
    """Run one learner-side exchange step (FetchAssignment, Submit, FetchFeedback) as nbgrader's apps do."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    coursedir = CourseDirectory(config=config)
    action = getattr(ExchangeFactory(config=config), step)(
        coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
    action.start()


def answer(folder: Path, sample: Sample) -> None:
    """Write the sample's answers, edits and changed files into the fetched assignment."""
    path = folder / f"{sample.assignment}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    by_id = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in notebook.cells}
    for grade_id, source in sample.module.ANSWERS.items():
        assert grade_id in by_id, f"{sample}: the released notebook has no cell {grade_id!r}"
        by_id[grade_id].source = source
    if hasattr(sample.module, "edit"):
        sample.module.edit(notebook)
    nbformat.write(notebook, path)
    for name, text in getattr(sample.module, "FILES", {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> Cycle:
    """Run the whole term once for every sample (module-scoped: the tests below read its results)."""
    tmp = tmp_path_factory.mktemp("term")
    course = copy_course(tmp / "course")
    exchange = tmp / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader requires a world-writable exchange
    base = Config({
        "Exchange": {"root": str(exchange)},
        "CourseDirectory": {"db_url": f"sqlite:///{course / 'gradebook.db'}"},
        # The learners' submissions belong to this test's user, not to users named like the learners.
        "ExchangeCollect": {"check_owner": False},
        "NbGraderAPI": {"log_level": "ERROR"},
    })
    api = grading.make_api(grading.load_course_config(course, base))
    assignments = course_assignments()
    unknown = sorted({sample.assignment for sample in SAMPLES} - set(assignments))
    assert not unknown, f"samples for assignments that solutions/ does not have: {unknown}"
    for assignment in assignments:
        for step in (api.generate_assignment, api.release_assignment):
            result = step(assignment)
            assert result["success"], f"{step.__name__} {assignment}: {result.get('error') or result.get('log')}"

    for sample in SAMPLES:
        home = tmp / "learners" / sample.student / sample.assignment
        config = learner_config(base, home, sample)
        exchange_step(config, "FetchAssignment")
        answer(home / sample.assignment, sample)
        exchange_step(config, "Submit")

    for assignment in assignments:
        result = api.collect(assignment)
        assert result["success"], f"collect {assignment}: {result.get('error') or result.get('log')}"

    order = sorted(SAMPLES, key=lambda sample: not sample.slow)  # the slowest start first
    graded = grading.autograde_submissions([(s.assignment, s.student) for s in order], jobs=JOBS,
                                           course_root=course, config=base)
    done = Cycle(course, api, {(g.assignment, g.student): g for g in graded})

    with warnings.catch_warnings():
        # nbgrader 0.9.6's feedback exchange passes a misspelt keyword (authentictor=) that traitlets warns about.
        warnings.filterwarnings("ignore", r"Passing unrecognized arguments to super\(Exchange", DeprecationWarning)
        # ... and its release_feedback reads timestamp.txt without closing it.
        warnings.filterwarnings("ignore", r"unclosed file .*timestamp\.txt", ResourceWarning)
        for assignment in assignments:
            for step in (api.generate_feedback, api.release_feedback):
                result = step(assignment)
                assert result["success"], f"{step.__name__} {assignment}: {result.get('error') or result.get('log')}"
        for sample in SAMPLES:
            home = tmp / "learners" / sample.student / sample.assignment
            exchange_step(learner_config(base, home, sample), "FetchFeedback")
            done.feedback[sample.assignment, sample.student] = sorted(
                (home / sample.assignment / "feedback").glob("*/*.html"))
    return done


@pytest.mark.parametrize("sample", SAMPLES, ids=str)
def test_sample_gets_its_exact_score(cycle, sample):
    """Each sample submission scores exactly what its author expects (fair to every style)."""
    graded = cycle.graded[sample.assignment, sample.student]
    assert graded.score == pytest.approx(sample.expected_score, abs=1e-9), (
        f"{sample} ({sample.module.DESCRIPTION}): scored {graded.score}, expected {sample.expected_score}; "
        f"flags: {graded.flags}\n{graded.log[-3000:]}")


@pytest.mark.parametrize("sample", SAMPLES, ids=str)
def test_sample_is_flagged_exactly_when_expected(cycle, sample):
    """A submission that needs a look says why in its flags; the others raise none."""
    graded = cycle.graded[sample.assignment, sample.student]
    if sample.expected_flag:
        assert any(sample.expected_flag in flag for flag in graded.flags), (
            f"{sample}: expected a flag containing {sample.expected_flag!r}, got {graded.flags}")
    else:
        assert graded.flags == [], f"{sample} ({sample.module.DESCRIPTION}) was flagged: {graded.flags}"


def test_gradebook_keeps_every_submission(cycle):
    """Every sample learner has a submission in the gradebook, graded or not: nothing is lost."""
    with cycle.api.gradebook as gradebook:
        for assignment in course_assignments():
            expected = sorted(s.student for s in SAMPLES if s.assignment == assignment)
            stored = sorted(sub.student.id for sub in gradebook.find_assignment(assignment).submissions)
            assert stored == expected, f"{assignment}: gradebook has {stored}, expected {expected}"


def hidden_lines(assignment: str, course: Path) -> list[str]:
    """The hidden tests' lines that appear nowhere else in the notebook (so they must not leak)."""
    notebook = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    hidden, visible = set(), set()
    for cell in notebook.cells:
        for block in HIDDEN.findall(cell.source):
            hidden.update(line.strip() for line in block.splitlines() if line.strip())
        visible.update(line.strip() for line in HIDDEN.sub("", cell.source).splitlines())
    return sorted(hidden - visible)


def test_feedback_reaches_every_graded_learner_without_hidden_tests(cycle):
    """Each learner whose notebook was graded fetches feedback; none shows a hidden test's source."""
    checked = 0
    for sample in SAMPLES:
        graded = cycle.graded[sample.assignment, sample.student]
        files = cycle.feedback[sample.assignment, sample.student]
        if graded.failed:
            continue
        assert files, f"{sample}: no feedback fetched"
        text = html.unescape(re.sub(r"<[^>]+>", "", files[-1].read_text()))
        assert "HIDDEN TESTS" not in text, f"{sample}: feedback shows the hidden-tests markers"
        for line in hidden_lines(sample.assignment, cycle.course):
            assert line not in text, f"{sample}: feedback shows the hidden test line {line!r}"
        checked += 1
    assert checked, "no feedback was checked"


def test_class_view_shows_scores_most_failed_checks_and_flags(cycle):
    """The instructor's view of 01-flask-api: every sample's score, the checks failed most, the cheats flagged."""
    import matplotlib

    matplotlib.use("Agg")
    config = {"CourseDirectory": {"db_url": f"sqlite:///{cycle.course / 'gradebook.db'}"}}
    view = grading.class_view("01-flask-api", cycle.course, config)
    students = sorted(s.student for s in SAMPLES if s.assignment == "01-flask-api")
    assert sorted(view.scores["student"]) == students
    flagged = set(view.flagged["student"])
    assert {"hide_results", "rebinds_helpers", "numbers_as_words", "shadowing_folder"} <= flagged
    assert "raw_sqlite" not in flagged
    failed = view.most_failed()
    assert not failed.empty and (failed["failed by"] >= 1).all()
    top = failed.iloc[0]
    assert top["failed by"] == max(failed["failed by"]) and top["of"] >= top["failed by"]
    figure = view.plot()
    assert len(figure.axes) == 2 and figure.axes[0].get_xlabel().startswith("score")


def test_instructors_notebook_runs_on_the_graded_class(cycle, monkeypatch):
    """notebooks/instructor/Class-Report.ipynb runs top to bottom on the graded class, without errors."""
    from nbclient import NotebookClient

    path = REPO_ROOT / "notebooks" / "instructor" / "Class-Report.ipynb"
    notebook = nbformat.read(path, as_version=4)
    monkeypatch.setenv("APILAB_COURSE", str(cycle.course))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"], outputs
    shown = " ".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "hide_results" in shown and "failed by" in shown
