"""The instructor's whole term on the sample submissions, through nbgrader's filesystem exchange.

In a temp folder: generate and release every assignment; each sample learner
fetches it (with their own exchange cache), answers, and submits; the instructor
collects, autogrades everyone in parallel (``apilab.grading``), generates and
releases feedback, and each learner fetches theirs. Every sample's exact score
is asserted, every flag it must raise, that the gradebook lost nobody, and that
no feedback shows a hidden test.

Canaries are planted while the class is graded: a secret in the grader's
environment, files in the instructor's home and in /var/tmp, and a classmate's
answer holding a secret of its own. None may appear in any autograded notebook,
feedback file or released file but the classmate's own; what learners' kernels
leave behind never reaches autograded/ or the feedback; no output is shown
unsanitized; no line the grader prints holds a learner's control characters.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from grading_support import REPO_ROOT, SAMPLES, Sample, copy_course, course_assignments
from traitlets.config import Config

from apilab import grading

pytestmark = [pytest.mark.slow, pytest.mark.cycle]

CANARY_ENV = "canary-environment-4d61b0"  # in the grader's environment while it grades
CANARY_FILE = "canary-file-93c2e7"  # in files of the instructor's home and of /var/tmp
CANARY_CLASSMATE = "classmate-canary-7f3a9c"  # in the answer of 01-flask-api/canary_holder
CANARY_HOLDER = ("01-flask-api", "canary_holder")

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
    exchange: Path | None = None
    learners: Path | None = None


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


@contextlib.contextmanager
def planted_canaries(tmp: Path):
    """Secrets a learner's code must never reach: in the grader's environment, the instructor's home, /var/tmp."""
    home = tmp / "instructor-home"
    home.mkdir()
    (home / "canary-notes.txt").write_text(CANARY_FILE)
    var_tmp = Path(tempfile.mkstemp(prefix="apilab-canary-", dir="/var/tmp")[1])
    var_tmp.write_text(CANARY_FILE)
    saved = {name: os.environ.get(name) for name in ("APILAB_TEST_CANARY", "JUPYTERHUB_API_TOKEN")}
    os.environ.update({"APILAB_TEST_CANARY": CANARY_ENV, "JUPYTERHUB_API_TOKEN": CANARY_ENV})
    try:
        yield
    finally:
        var_tmp.unlink()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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
        if hasattr(sample.module, "in_exchange"):  # what a learner does to the exchange itself after Submit
            [submission] = (exchange / COURSE_ID / "inbound").glob(f"{sample.student}+{sample.assignment}+*")
            sample.module.in_exchange(submission)

    for assignment in assignments:
        result = api.collect(assignment)
        assert result["success"], f"collect {assignment}: {result.get('error') or result.get('log')}"

    order = sorted(SAMPLES, key=lambda sample: not sample.slow)  # the slowest start first
    with planted_canaries(tmp):
        graded = grading.autograde_submissions([(s.assignment, s.student) for s in order], jobs=JOBS,
                                               course_root=course, config=base)
    done = Cycle(course, api, {(g.assignment, g.student): g for g in graded}, exchange=exchange,
                 learners=tmp / "learners")

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
    """The hidden tests' lines that appear nowhere else in the notebook (so they must not leak).

    Lines shorter than 8 characters (a closing "}" or ")") say nothing and appear in any page.
    """
    notebook = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    hidden, visible = set(), set()
    for cell in notebook.cells:
        for block in HIDDEN.findall(cell.source):
            hidden.update(line.strip() for line in block.splitlines() if line.strip())
        visible.update(line.strip() for line in HIDDEN.sub("", cell.source).splitlines())
    return sorted(line for line in hidden - visible if len(line) >= 8)


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
    assert {"hide_results", "swallows_tracebacks", "numbers_as_words", "shadowing_folder"} <= flagged
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
    assert "numbers_as_words" in shown and "failed by" in shown


def graded_test_cells(cycle, assignment: str, student: str) -> dict[str, str]:
    """{grade id: what the test cell printed} in ``student``'s autograded notebook of ``assignment``."""
    path = cycle.course / "autograded" / student / assignment / f"{assignment}.ipynb"
    cells = nbformat.read(path, as_version=4).cells
    return {cell.metadata["nbgrader"]["grade_id"]: "".join(o.get("text", "") for o in cell.outputs)
            for cell in cells if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code"}


def test_cells_with_hidden_tests_are_checked_once_from_outside(cycle):
    """While graded, such a cell runs no check in the kernel and says so; its points are the verified ones.
    Exercise 5's cells, which have no hidden tests, check in the kernel: the feedback shows what they print."""
    from apilab.exercises.kernel import OUTSIDE_LINE

    printed = graded_test_cells(cycle, "01-flask-api", "blueprint_methodview")
    assert len(printed) == 7 and all(OUTSIDE_LINE in text for text in printed.values()), printed
    assert cycle.graded["01-flask-api", "blueprint_methodview"].score == 20
    printed = graded_test_cells(cycle, "05-api-tests", "correct_suite")
    assert printed and not any(OUTSIDE_LINE in text for text in printed.values()), printed


def files_under(folder: Path) -> list[Path]:
    """Every file under ``folder``, links not followed."""
    return [Path(root) / name for root, _, names in os.walk(folder) for name in names] if folder.exists() else []


def test_no_canary_reaches_any_notebook_feedback_or_released_file(cycle):
    """The grader's environment, the instructor's files and a classmate's answer stay where they are."""
    places = [cycle.course / "autograded", cycle.course / "feedback", cycle.course / ".grading", cycle.exchange,
              cycle.learners]
    holders_feedback = {path.read_bytes() for path in cycle.feedback[CANARY_HOLDER]}  # released, by a hashed name
    leaks, holder_files = [], 0
    for path in (each for place in places for each in files_under(place)):
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        leaks += [f"{path}: {name}" for name, canary in (("environment", CANARY_ENV), ("file", CANARY_FILE))
                  if canary in text]
        if CANARY_CLASSMATE in text:
            holder = f"/{CANARY_HOLDER[1]}/" in str(path) or f"/{CANARY_HOLDER[1]}+" in str(path) or \
                data in holders_feedback
            holder_files += holder
            if not holder:
                leaks.append(f"{path}: the classmate's answer")
    assert not leaks, leaks
    assert holder_files, "the classmate's own files should hold its canary: the check looked in the wrong places"


def test_what_kernels_leave_behind_stays_out_of_autograded_and_feedback(cycle):
    """Each autograded folder holds what nbgrader put there; each feedback folder, the feedback page only."""
    bookkeeping = {"timestamp.txt", "submission_secret.txt"}  # nbgrader's own
    for assignment, student in cycle.graded:
        released = {path.name for path in (cycle.course / "exercises" / assignment).iterdir()}
        autograded = cycle.course / "autograded" / student / assignment
        if autograded.is_dir():
            extra = sorted(path.name for path in autograded.iterdir() if path.name not in released | bookkeeping)
            assert not extra, f"{assignment}/{student}: autograded/ holds {extra}"
            assert not [path for path in files_under(autograded) if path.is_symlink()]
        feedback = cycle.course / "feedback" / student / assignment
        if feedback.is_dir():
            kept = {path.name for path in feedback.iterdir()}
            assert kept <= {f"{assignment}.html"} | bookkeeping, f"{assignment}/{student}: feedback/ holds {kept}"


def test_feedback_shows_learners_html_sanitized(cycle):
    files = cycle.feedback["01-flask-api", "shows_a_script"]
    text = files[-1].read_text()
    assert "<b>my API</b>" in text  # the output is shown, its harmless markup kept ...
    assert "<script>document.title" not in text and not re.search(r"<img[^>]*onerror", text)  # ... its script not
    image = cycle.feedback["01-flask-api", "image_with_attributes"][-1].read_text()
    assert "my chart" in image or "<img" in image  # the image is shown ...
    assert not re.search(r"<img[^>]*(onerror|onload)", image)  # ... without the attributes its metadata carried
    written = cycle.feedback["03-scaling", "detects_the_standins"][-1].read_text()
    assert "My notes" in written  # a written answer is shown ...
    assert 'href="javascript:' not in written  # ... without its harmful link ...
    assert "<script>alert('written answer')" not in written  # ... or its script
    assert not re.search(r"<img[^>]*onerror", written)


def test_no_line_printed_holds_a_learners_control_characters(cycle):
    for graded in cycle.graded.values():
        line = graded.line()
        assert "\r" not in line and "\x1b" not in line, repr(line)
    faked = cycle.graded["01-flask-api", "fakes_a_report_line"].line()
    assert "\\x0d\\x1b[2Kalice" in faked  # shown, escaped


def test_a_link_in_the_exchange_is_not_collected_as_the_file_it_leads_to(cycle):
    submitted = cycle.course / "submitted" / "notebook_linked_in_exchange" / "01-flask-api"
    assert not (submitted / "01-flask-api.ipynb").exists()
    assert not [path for path in files_under(submitted) if path.is_symlink()]

