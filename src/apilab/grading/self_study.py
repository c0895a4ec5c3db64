"""Self-study with nbgrader's own exchange: fetch the exercises into my-work/, exactly as in a class.

``prepare(course_root)`` (run by ``make lab`` before JupyterLab starts) releases
the exercises of ``exercises/`` in the course's order, as a class would get
them: the first at once, each next one once the learner has submitted the one
before it (Submit in the Assignment List), so no exercise hands out an earlier
one's answer before it is done. They go into the course's exchange (``.exchange/`` in the
course unless ``NBGRADER_EXCHANGE_ROOT`` says otherwise) and makes ``my-work/``,
where nbgrader's Assignment List fetches them. Both folders are git-ignored, so
``git pull`` never touches a learner's answers. Run again, it re-releases only
exercises that changed, and never writes into ``my-work/`` beyond its settings
file: nbgrader's fetch itself refuses to overwrite a copy the learner has.
"""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parents[3]
WORK_CONFIG = """\
# nbgrader settings for your copies of the exercises: the course's own (../nbgrader_config.py).
# nbgrader's Assignment List reads this file when it fetches into this folder.
c = get_config()  # noqa: F821
load_subconfig("../nbgrader_config.py")  # noqa: F821
"""

IGNORED = [".ipynb_checkpoints", "__pycache__"]  # never released (nbgrader's CourseDirectory.ignore)

# Developer notes: the Assignment List loads nbgrader_config.py first from the
# server's root folder (the course: it names my-work/ as Exchange.assignment_dir)
# and then from my-work/ itself, where WORK_CONFIG points back at the course's
# settings, so the exchange and the course id agree in both steps.


def _same_tree(left: Path, right: Path, ignore: list[str]) -> bool:
    """True when two folders hold the same files with the same contents."""
    comparison = filecmp.dircmp(left, right, ignore=ignore)
    if comparison.left_only or comparison.right_only or comparison.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(_same_tree(left / name, right / name, ignore) for name in comparison.common_dirs)


def released_exercises(course_root: Path) -> list[str]:
    """The exercises the course ships: folders of exercises/ holding a notebook of the same name."""
    folder = course_root / "exercises"
    if not folder.is_dir():
        return []
    return sorted(path.name for path in folder.iterdir() if (path / f"{path.name}.ipynb").is_file())


def submitted(course_exchange: Path, assignment: str) -> bool:
    """True when the local exchange holds a submission of ``assignment`` (inbound/<student>+<assignment>+...)."""
    inbound = course_exchange / "inbound"
    return inbound.is_dir() and any(path.name.split("+")[1:2] == [assignment] for path in inbound.iterdir())


def due_exercises(course_root: Path, course_exchange: Path) -> list[str]:
    """The exercises to offer, in the course's order: the first, and each one whose predecessor was submitted."""
    exercises = released_exercises(course_root)
    offered = exercises[:1]
    for previous, following in zip(exercises, exercises[1:]):
        if not submitted(course_exchange, previous):
            break
        offered.append(following)
    return offered


def prepare(course_root: str | os.PathLike = COURSE_ROOT) -> dict[str, str]:
    """Release changed exercises into the local exchange and make my-work/; return env for JupyterLab.

    The env switches on self-study grading (``self_study_exchange``): Submit grades and gives back feedback.
    """
    from apilab.grading.course_config import load_course_config

    root = Path(course_root).resolve()
    config = load_course_config(root)
    course_id = config.CourseDirectory.course_id
    exchange = Path(config.Exchange.root)
    work = Path(config.Exchange.assignment_dir)
    changed = []
    for assignment in due_exercises(root, exchange / course_id):
        outbound = exchange / course_id / "outbound" / assignment
        if not (outbound.is_dir() and _same_tree(root / "exercises" / assignment, outbound, IGNORED)):
            changed.append(assignment)
    if changed:
        _release(config, changed)
    work.mkdir(parents=True, exist_ok=True)
    settings = work / "nbgrader_config.py"
    if not settings.exists():
        settings.write_text(WORK_CONFIG)
    return {"APILAB_SELF_STUDY": "1"}


def _release(config, assignments: list[str]) -> None:
    """Release ``assignments`` from exercises/ into the exchange with nbgrader (replacing older releases)."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory
    from traitlets.config import Config

    for assignment in assignments:
        each = Config(config)
        each.merge(Config({"CourseDirectory": {"assignment_id": assignment},
                           "ExchangeReleaseAssignment": {"force": True}}))
        release = ExchangeFactory(config=each).ReleaseAssignment(
            coursedir=CourseDirectory(config=each), authenticator=Authenticator(config=each), config=each)
        release.start()
