"""Check a class's nbgrader set-up on a hub before anyone meets the problem, in one line each.

The shipped ``jupyterhub/jupyterhub_config.py`` calls ``check_class`` when the
hub starts; an instructor can run it too::

    python -m apilab.course.class_check --exchange /srv/nbgrader/exchange \\
        --db-url postgresql://grader@dbhost/flask_vs_django --course /srv/flask-vs-django/course

Each problem is a ``ClassSetupError`` whose message is one line saying what is
wrong and what to do: an exchange root learners cannot write (or, without the
sticky bit, could rename each other's folders in), a course folder in the
exchange that is missing or not the instructor's, a gradebook URL whose database
driver is not installed, a course id that differs between the class's global
nbgrader config and the course's own.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

COURSE_CONFIG = "nbgrader_config.py"


class ClassSetupError(Exception):
    """A class set-up problem, said in one line."""


def check_exchange_root(path: str | os.PathLike) -> None:
    """The exchange root must be a folder every learner can write (as nbgrader asks), with the sticky bit.

    Mode 1777, as /tmp: without the sticky bit any learner could rename the course's folder in it (made by the
    instructor's release) and put one of their own in its place.
    """
    root = Path(path)
    if not root.is_dir():
        raise ClassSetupError(f"exchange root {root} does not exist: mkdir -p {root} && chmod 1777 {root}")
    mode = stat.S_IMODE(root.stat().st_mode)
    if mode & 0o777 != 0o777:
        raise ClassSetupError(
            f"exchange root {root} is not writable by every learner (mode {mode:o}): chmod 1777 {root}"
        )
    if not mode & stat.S_ISVTX:
        raise ClassSetupError(
            f"exchange root {root} lets any learner rename the course's folder (mode {mode:o}, no sticky bit): "
            f"chmod 1777 {root}"
        )


def check_course_folder(exchange_root: str | os.PathLike, course_id: str, course_dir: str | os.PathLike) -> None:
    """The course's folder in the exchange must be made at set-up, by the instructor (or root), as a real folder.

    Were it left for the first release to make, any learner could make it first, and the sticky exchange
    would then keep even the instructor from moving theirs aside.
    """
    folder = Path(exchange_root) / course_id
    owner = Path(course_dir).stat().st_uid  # the instructor's checkout
    try:
        found = folder.lstat()
    except FileNotFoundError:
        raise ClassSetupError(f"no course folder {folder} in the exchange: make it before any learner can, "
                              f"as its instructor: install -d -m 755 -o <instructor> {folder}") from None
    if not stat.S_ISDIR(found.st_mode):
        raise ClassSetupError(f"{folder} is not a folder (a link?): remove it and make it as its instructor: "
                              f"install -d -m 755 -o <instructor> {folder}")
    if found.st_uid not in (owner, 0) or found.st_mode & stat.S_IWOTH:
        raise ClassSetupError(f"{folder} belongs to uid {found.st_uid} (mode {stat.S_IMODE(found.st_mode):o}), "
                              f"not to the course's instructor (uid {owner}) or root: a learner may have made it; "
                              f"remove it and make it again: install -d -m 755 -o <instructor> {folder}")


# The Python package each SQLAlchemy dialect's default driver needs, and how to install it.
_DRIVER_PACKAGES = {"postgresql": "psycopg[binary]", "mysql": "mysqlclient"}


def check_db_url(url: str) -> None:
    """The gradebook URL must parse and its database driver must be importable here."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    shown = url
    try:
        parsed = make_url(url)
        shown = parsed.render_as_string(hide_password=True)
        dialect = parsed.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise ClassSetupError(f"gradebook URL {shown!r} is not a database URL SQLAlchemy knows: {error}") from None
    try:
        dialect.import_dbapi()
    except ImportError as error:
        package = _DRIVER_PACKAGES.get(parsed.get_backend_name(), getattr(error, "name", None) or "its driver")
        raise ClassSetupError(
            f"gradebook URL {shown} needs the Python driver {getattr(error, 'name', None) or dialect.driver}, "
            f"which is not installed: pip install '{package}'"
        ) from None


def _course_id(config_file: Path) -> str | None:
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(config_file.name, path=str(config_file.parent)).load_config()
    course_id = config.CourseDirectory.get("course_id")
    return course_id if isinstance(course_id, str) else None


def check_course_id(class_config: str | os.PathLike, course_dir: str | os.PathLike) -> None:
    """The class's global nbgrader config and the course's own must name the same course."""
    class_file, course_file = Path(class_config), Path(course_dir) / COURSE_CONFIG
    for file in (class_file, course_file):
        if not file.is_file():
            raise ClassSetupError(f"no nbgrader config at {file}")
    for_class, for_course = _course_id(class_file), _course_id(course_file)
    if for_class != for_course:
        raise ClassSetupError(
            f"course id mismatch: {class_file} says {for_class!r} but the course in {course_dir} says "
            f"{for_course!r}; learners would not see its assignments"
        )


def check_class(exchange_root, db_url: str, course_dir, class_config) -> None:
    """Run every check; raise SystemExit with the first problem's line (what a hub's config wants)."""
    try:
        check_exchange_root(exchange_root)
        check_db_url(db_url)
        check_course_id(class_config, course_dir)
        check_course_folder(exchange_root, _course_id(Path(class_config)), course_dir)
    except ClassSetupError as problem:
        raise SystemExit(f"class set-up: {problem}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apilab.course.class_check", description=__doc__.split("\n")[0])
    parser.add_argument("--exchange", default=os.environ.get("NBGRADER_EXCHANGE_ROOT") or "/srv/nbgrader/exchange")
    parser.add_argument("--db-url", default=os.environ.get("NBGRADER_DB_URL"))
    parser.add_argument("--course", default=".", help="the course checkout holding nbgrader_config.py")
    parser.add_argument("--class-config", default=os.path.join(sys.prefix, "etc", "jupyter", COURSE_CONFIG),
                        help="the class's global nbgrader config (default: the environment's)")
    args = parser.parse_args(argv)
    db_url = args.db_url or f"sqlite:///{Path(args.course).resolve() / 'gradebook.db'}"
    check_class(args.exchange, db_url, args.course, args.class_config)
    print("class set-up: exchange, course folder, gradebook driver and course id are fine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
