"""What ``django-admin startproject`` writes, read from Django's own project template.

Lesson Overview counts what the course's Django project brought along; part of
that is the course's choice (DRF, its token app, the shop), not Django's. This
module reads the template that ``startproject`` copies, so the lesson can show
the two apart without typing a list::

    startproject_settings()["INSTALLED_APPS"]   # the six contrib apps of a new project
"""

from __future__ import annotations

import ast
from pathlib import Path

import django

TEMPLATE = Path(django.__file__).parent / "conf" / "project_template" / "project_name" / "settings.py-tpl"
LISTED_SETTINGS = ("INSTALLED_APPS", "MIDDLEWARE")


def startproject_settings() -> dict[str, list[str]]:
    """Return the INSTALLED_APPS and MIDDLEWARE a new ``startproject`` project starts with."""
    tree = ast.parse(TEMPLATE.read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = getattr(node.targets[0], "id", None)
            if name in LISTED_SETTINGS:
                found[name] = ast.literal_eval(node.value)
    return found


def split_by_origin(course_list: list[str], setting: str) -> dict[str, list[str]]:
    """Split the course's value of ``setting`` into what startproject writes and what the course added."""
    template = startproject_settings()[setting]
    return {
        "from startproject": [item for item in course_list if item in template],
        "added by this course": [item for item in course_list if item not in template],
        "startproject's, left out": [item for item in template if item not in course_list],
    }
