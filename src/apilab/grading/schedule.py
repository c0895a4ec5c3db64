"""``apilab schedule``: publish a class's due dates and late policy where its learners' sidebars read them.

nbgrader keeps due dates in the gradebook, which learners cannot read, and the
late-submission policy in the instructor's ``nbgrader_config.py``. This writes
both to ``schedule.json`` in the course's folder of the exchange (which every
learner of the class can read and only its instructors can write), for the
Course progress sidebar (``apilab.course.progress``). Run it again after
changing a due date or the policy. A learner's own extension stays private: it
is in the gradebook only, and applies when the class is graded.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import tempfile
from pathlib import Path

from apilab.grading.course_config import load_course_config

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


def publish(config, policy: str | None = None) -> tuple[Path, dict]:
    """Write the schedule (due dates from the gradebook, the late policy) for the learners; return it."""
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    policy = " ".join((policy or late_policy(config)).split())[:MAX_POLICY_CHARS]
    with Gradebook(CourseDirectory(config=config).db_url) as gradebook:
        schedule = {"late_policy": policy, "due": due_dates(gradebook)}
    path = schedule_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".schedule-", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as file:
            json.dump(schedule, file, indent=1)
        os.chmod(temporary, 0o644)  # every learner reads it; only who publishes writes
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path, schedule


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="apilab schedule", description=__doc__.splitlines()[0])
    parser.add_argument("--course", default=".", help="the course folder holding nbgrader_config.py (default: .)")
    parser.add_argument("--late-policy", help="the late policy in your words (default: said from nbgrader_config.py)")
    options = parser.parse_args(argv)
    try:
        config = load_course_config(options.course)
        path, schedule = publish(config, options.late_policy)
    except (ValueError, OSError) as error:
        parser.error(str(error))
    dues = ", ".join(f"{name} {when[:16].replace('T', ' ')} UTC" for name, when in schedule["due"].items())
    print(f"published to {path}: due {dues or 'nothing (no assignment has a due date)'}; "
          f"late work: {schedule['late_policy']}")
    return 0
