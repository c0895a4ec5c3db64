"""The course's nbgrader configuration and API: read nbgrader_config.py, open NbGraderAPI, find submissions.

``load_course_config(course_root)`` reads the course's ``nbgrader_config.py`` with
overrides merged on top; ``make_api(config)`` opens nbgrader's API on it;
and ``submitted_students`` lists who submitted.
"""

from __future__ import annotations

import glob
import os
import sys
from pathlib import Path
from typing import Any

CONFIG_FILE = "nbgrader_config.py"


def load_course_config(course_root: str | os.PathLike = ".", overrides: Any = None):
    """Return the traitlets Config of the course's nbgrader_config.py, with ``overrides`` merged on top."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(course_root).resolve()
    if not (root / CONFIG_FILE).is_file():
        raise ValueError(f"no {CONFIG_FILE} in {root}: pass course_root=<the course folder>")
    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    if overrides is not None:
        if not isinstance(overrides, (dict, Config)):
            raise TypeError(f"overrides must be a traitlets Config or a dict, got {type(overrides).__name__}")
        config.merge(Config(overrides))
    return config


def venv_programs_on_path() -> None:
    """Put this Python's programs (alembic, which nbgrader's gradebook runs) on PATH."""
    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def make_api(config):
    """An NbGraderAPI on ``config``, with the venv's programs (alembic) on PATH."""
    from nbgrader.apps import NbGraderAPI

    venv_programs_on_path()
    return NbGraderAPI(config=config)


def submitted_students(api, assignment: str) -> list[str]:
    """The ids of the students with a submission of ``assignment`` under submitted/."""
    pattern = api.coursedir.format_path(api.coursedir.submitted_directory, "*", assignment)
    return sorted(Path(path).parent.name for path in glob.glob(pattern) if os.path.isdir(path))
