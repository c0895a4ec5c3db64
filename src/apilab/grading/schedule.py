"""``apilab schedule``: publish a class's due dates and late policy where its learners' sidebars read them.

nbgrader keeps due dates in the gradebook, which learners cannot read, and the
late-submission policy in the instructor's ``nbgrader_config.py``. This writes
both to ``schedule.json`` in the course's folder of the exchange (which every
learner of the class can read and only its instructors can write), for the
Course progress sidebar (``apilab.course.progress``). Run it again after
changing a due date or the policy. A learner's own extension stays private: it
is in the gradebook only, and applies when the class is graded. The course's
folder must be the one nbgrader's release made (the instructor's, not a link):
the exchange's root is writable by every learner.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import errno
import json
import os
import secrets
import stat
from pathlib import Path

from apilab.grading.course_config import load_course_config, venv_programs_on_path

SCHEDULE_FILE = "schedule.json"
MAX_POLICY_CHARS = 300


def late_policy(config) -> str:
    """The course's late-submission policy in a sentence, from nbgrader's late-submission plugin."""
    from nbgrader.plugins import LateSubmissionPlugin
    from nbgrader.preprocessors import AssignLatePenalties

    assigner = AssignLatePenalties(config=config)
    assigner.init_plugin()
    plugin = assigner.plugin_inst
    if type(plugin) is LateSubmissionPlugin:
        if plugin.penalty_method == "zero":
            return "A late submission scores 0."
        return "A late submission is graded like any other: no penalty."
    said = (type(plugin).__doc__ or "").strip().split("\n\n")[0]
    return " ".join(said.split()) or f"Late submissions: the course's rule ({type(plugin).__name__})."


def due_dates(gradebook) -> dict[str, str]:
    """Each assignment with a due date: its name and the date in ISO 8601, UTC (nbgrader keeps UTC)."""
    return {assignment.name: assignment.duedate.replace(tzinfo=datetime.UTC).isoformat()
            for assignment in sorted(gradebook.assignments, key=lambda a: a.name) if assignment.duedate}


def schedule_path(config) -> Path:
    """Where the class's learners read the schedule: the course's folder in the exchange."""
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default.exchange import Exchange

    course_id = CourseDirectory(config=config).course_id
    if not course_id:
        raise ValueError("nbgrader_config.py names no course: set c.CourseDirectory.course_id")
    return Path(Exchange(config=config).root) / course_id / SCHEDULE_FILE


def course_folder(path: Path) -> int:
    """The exchange's course folder, opened (not through a link) once it is shown to be the instructor's.

    The exchange's root is writable by every learner: a folder or link a learner put there in the course's
    name must never be written through. nbgrader's release makes the folder; this never does.
    """
    try:
        folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except FileNotFoundError:
        raise ValueError(f"no {path} yet: release an assignment first (nbgrader release_assignment)") from None
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise ValueError(f"{path} is a link or not a folder: not written through") from None
        raise ValueError(f"{path} cannot be opened: {error.strerror}") from None
    status = os.fstat(folder)
    if status.st_uid not in (os.geteuid(), 0) or status.st_mode & stat.S_IWOTH:
        os.close(folder)
        raise ValueError(f"{path} belongs to uid {status.st_uid} (or others may write it), not to you: "
                         "learners would read what its owner writes; not published")
    return folder


def write_schedule(folder: int, schedule: dict) -> None:
    """Write ``schedule.json`` in the open ``folder``: a new file (never a link), readable by all, then renamed."""
    temporary = f".schedule-{secrets.token_hex(8)}"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder)
    try:
        with os.fdopen(handle, "w") as file:
            os.fchmod(file.fileno(), 0o644)  # every learner reads it, whatever the umask; only its owner writes
            json.dump(schedule, file, indent=1)
            file.flush()
            os.fsync(file.fileno())  # never an empty schedule after a crash: the old one or the new
        os.replace(temporary, SCHEDULE_FILE, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise


def publish(config, policy: str | None = None) -> tuple[Path, dict]:
    """Write the schedule (due dates from the gradebook, the late policy) for the learners; return it."""
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    policy = " ".join((policy or late_policy(config)).split())[:MAX_POLICY_CHARS]
    db_url = CourseDirectory(config=config).db_url
    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).is_file():
        raise ValueError(f"no gradebook at {db_url.removeprefix('sqlite:///')}: run this in the course folder "
                         "(or pass --course)")
    venv_programs_on_path()
    with Gradebook(db_url) as gradebook:
        if not gradebook.assignments:
            raise ValueError(f"the gradebook ({db_url}) knows no assignment: nbgrader generate_assignment first")
        schedule = {"late_policy": policy, "due": due_dates(gradebook)}
    path = schedule_path(config)
    folder = course_folder(path.parent)
    try:
        write_schedule(folder, schedule)
    finally:
        os.close(folder)
    return path, schedule


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="apilab schedule", description=__doc__.splitlines()[0])
    parser.add_argument("--course", default=".", help="the course folder holding nbgrader_config.py (default: .)")
    parser.add_argument("--late-policy", help="the late policy in your words (default: said from nbgrader_config.py)")
    options = parser.parse_args(argv)
    try:
        config = load_course_config(options.course)
        path, schedule = publish(config, options.late_policy)
    except Exception as error:  # one readable line, whatever went wrong (the gradebook, the config, the disk)
        parser.error(" ".join(str(error).split())[:400] or type(error).__name__)
    dues = ", ".join(f"{name} {when[:16].replace('T', ' ')} UTC" for name, when in schedule["due"].items())
    print(f"published to {path}: due {dues or 'nothing (no assignment has a due date)'}; "
          f"late work: {schedule['late_policy']}")
    return 0
