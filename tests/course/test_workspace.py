"""The learner's workspace: lessons copied once, refreshed only where untouched, never overwritten."""

from __future__ import annotations

import os

from apilab.course.workspace import course_files, refresh_workspace


def make_course(root):
    (root / "notebooks" / "deployment").mkdir(parents=True)
    (root / "notebooks" / "instructor").mkdir()
    (root / "site").mkdir()
    (root / "notebooks" / "01-Lesson.ipynb").write_text("lesson one")
    (root / "notebooks" / "deployment" / "app.py").write_text("app")
    (root / "notebooks" / "instructor" / "Class-Report.ipynb").write_text("for instructors")
    (root / "site" / "learning.md").write_text("guide")
    (root / "site" / "conf.py").write_text("the site's build settings")
    return root


def test_the_first_run_copies_the_lessons_and_guides_not_the_instructors_notebooks(tmp_path):
    course, work = make_course(tmp_path / "course"), tmp_path / "course" / "my-work"
    assert refresh_workspace(course, work) == []
    assert (work / "notebooks" / "01-Lesson.ipynb").read_text() == "lesson one"
    assert (work / "notebooks" / "deployment" / "app.py").read_text() == "app"
    assert (work / "site" / "learning.md").read_text() == "guide"
    assert not (work / "notebooks" / "instructor").exists() and not (work / "site" / "conf.py").exists()


def test_an_untouched_lesson_is_refreshed_and_an_edited_one_kept(tmp_path):
    course, work = make_course(tmp_path / "course"), tmp_path / "course" / "my-work"
    refresh_workspace(course, work)
    (work / "notebooks" / "01-Lesson.ipynb").write_text("lesson one, with my outputs")
    (course / "notebooks" / "01-Lesson.ipynb").write_text("lesson one, corrected")
    (course / "notebooks" / "deployment" / "app.py").write_text("app, corrected")
    (course / "notebooks" / "02-New.ipynb").write_text("lesson two")
    kept = refresh_workspace(course, work)
    assert (work / "notebooks" / "01-Lesson.ipynb").read_text() == "lesson one, with my outputs"
    assert kept == ["Kept your copy of my-work/notebooks/01-Lesson.ipynb; the course has a newer version "
                    "(rename yours and run make lab again to get it)."]
    assert (work / "notebooks" / "deployment" / "app.py").read_text() == "app, corrected"
    assert (work / "notebooks" / "02-New.ipynb").read_text() == "lesson two"
    (work / "notebooks" / "01-Lesson.ipynb").rename(work / "notebooks" / "01-Lesson-mine.ipynb")
    assert refresh_workspace(course, work) == []
    assert (work / "notebooks" / "01-Lesson.ipynb").read_text() == "lesson one, corrected"
    assert (work / "notebooks" / "01-Lesson-mine.ipynb").read_text() == "lesson one, with my outputs"


def test_links_are_neither_copied_nor_written_through(tmp_path):
    course, work = make_course(tmp_path / "course"), tmp_path / "course" / "my-work"
    secret = tmp_path / "secret.txt"
    secret.write_text("not course material")
    os.symlink(secret, course / "notebooks" / "linked.txt")
    assert "notebooks/linked.txt" not in course_files(course)
    (work / "notebooks").mkdir(parents=True)
    os.symlink(secret, work / "notebooks" / "01-Lesson.ipynb")
    kept = refresh_workspace(course, work)
    assert secret.read_text() == "not course material"
    assert kept == ["Left alone: my-work/notebooks/01-Lesson.ipynb is not a plain file."]


def test_a_lesson_jupyterlab_only_opened_is_still_refreshed(tmp_path):
    """Opening a notebook makes JupyterLab save its kernel's language info: that is no work of the learner's."""
    import json

    course = make_course(tmp_path / "course")
    notebook = {"cells": [{"cell_type": "code", "id": "a1", "metadata": {}, "source": ["print(1)"],
                           "outputs": [], "execution_count": None}],
                "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    (course / "notebooks" / "01-Lesson.ipynb").write_text(json.dumps(notebook))
    work = course / "my-work"
    refresh_workspace(course, work)
    opened = dict(notebook, metadata={"kernelspec": {"name": "python3"},
                                      "language_info": {"name": "python", "version": "3.11.2"}})
    (work / "notebooks" / "01-Lesson.ipynb").write_text(json.dumps(opened, indent=1))
    notebook["cells"][0]["source"] = ["print(2)"]
    (course / "notebooks" / "01-Lesson.ipynb").write_text(json.dumps(notebook))
    assert refresh_workspace(course, work) == []
    assert "print(2)" in (work / "notebooks" / "01-Lesson.ipynb").read_text()
    ran = dict(notebook, cells=[dict(notebook["cells"][0], execution_count=1)])
    (work / "notebooks" / "01-Lesson.ipynb").write_text(json.dumps(ran))
    notebook["cells"][0]["source"] = ["print(3)"]
    (course / "notebooks" / "01-Lesson.ipynb").write_text(json.dumps(notebook))
    assert len(refresh_workspace(course, work)) == 1, "a lesson the learner ran is kept"
