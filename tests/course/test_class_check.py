"""apilab.course.class_check: a class's bad set-up is said in one line, a good one passes."""

import os
import shutil
from pathlib import Path

import pytest

from apilab.course import class_check
from apilab.course.class_check import ClassSetupError

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_a_postgresql_gradebook_url_has_its_driver():
    class_check.check_db_url("postgresql://grader@dbhost/flask_vs_django")  # psycopg 3 is a dependency
    class_check.check_db_url("sqlite:////tmp/gradebook.db")


def test_a_gradebook_url_whose_driver_is_missing_says_what_to_install():
    with pytest.raises(ClassSetupError) as problem:
        class_check.check_db_url("mysql://grader:secret@dbhost/course")
    line = str(problem.value)
    assert "needs the Python driver MySQLdb" in line and "pip install 'mysqlclient'" in line
    assert "secret" not in line and "\n" not in line


def test_a_url_that_is_not_a_database_url_is_named():
    with pytest.raises(ClassSetupError, match="not a database URL SQLAlchemy knows"):
        class_check.check_db_url("postgres-please://dbhost")


def test_the_exchange_root_must_exist_and_be_open_to_all(tmp_path):
    with pytest.raises(ClassSetupError, match="does not exist: mkdir -p"):
        class_check.check_exchange_root(tmp_path / "missing")
    tmp_path.chmod(0o755)
    with pytest.raises(ClassSetupError, match=r"not writable by every learner \(mode 755\): chmod 1777"):
        class_check.check_exchange_root(tmp_path)
    tmp_path.chmod(0o777)
    with pytest.raises(ClassSetupError, match=r"rename the course's folder \(mode 777, no sticky bit\): chmod 1777"):
        class_check.check_exchange_root(tmp_path)
    tmp_path.chmod(0o1777)
    class_check.check_exchange_root(tmp_path)


def test_the_course_ids_must_match(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy2(REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shipped = REPO_ROOT / "jupyterhub" / "nbgrader_config.py"
    class_check.check_course_id(shipped, course)
    other = tmp_path / "other_nbgrader_config.py"
    other.write_text('c = get_config()\nc.CourseDirectory.course_id = "another-course"\n')
    with pytest.raises(ClassSetupError, match="course id mismatch"):
        class_check.check_course_id(other, course)


def test_the_command_prints_one_line_and_exits_non_zero(tmp_path, capsys):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy2(REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o1777)
    (exchange / "flask-vs-django").mkdir(mode=0o755)
    shipped = str(REPO_ROOT / "jupyterhub" / "nbgrader_config.py")
    assert class_check.main(["--exchange", str(exchange), "--course", str(course), "--class-config", shipped]) == 0
    assert "fine" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="^class set-up: gradebook URL"):
        class_check.main(["--exchange", str(exchange), "--course", str(course), "--class-config", shipped,
                          "--db-url", "mysql://x@y/z"])


def test_the_courses_folder_in_the_exchange_must_be_the_instructors_and_made_at_set_up(tmp_path):
    course, exchange = tmp_path / "course", tmp_path / "exchange"
    course.mkdir()
    exchange.mkdir(mode=0o755)
    exchange.chmod(0o1777)
    folder = exchange / "flask-vs-django"
    with pytest.raises(ClassSetupError, match=r"no course folder .* install -d -m 755 -o <instructor>"):
        class_check.check_course_folder(exchange, "flask-vs-django", course)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder.symlink_to(elsewhere)
    with pytest.raises(ClassSetupError, match="is not a folder"):
        class_check.check_course_folder(exchange, "flask-vs-django", course)
    folder.unlink()
    folder.mkdir()
    folder.chmod(0o777)
    with pytest.raises(ClassSetupError, match=r"mode 777\), not to the course's instructor"):
        class_check.check_course_folder(exchange, "flask-vs-django", course)
    folder.chmod(0o755)
    class_check.check_course_folder(exchange, "flask-vs-django", course)
    if os.geteuid() == 0:  # only root can give a folder to someone else
        os.chown(folder, 4242, -1)
        with pytest.raises(ClassSetupError, match="belongs to uid 4242"):
            class_check.check_course_folder(exchange, "flask-vs-django", course)
