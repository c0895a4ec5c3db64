"""Which Jupyter extensions a learner's server runs, and an instructor's: one config folder for each.

Learners get nbgrader's instructor tools off (the Formgrader and its course list
on the server side, their JupyterLab plugins with the Create Assignment sidebar)
and the Course progress sidebar's server side on; instructors get the tools on.
``make lab`` puts a learner's folder on ``JUPYTER_CONFIG_PATH``; the hub's class
environment writes both (``jupyterhub/build_class_env.py`` loads this file by
path, so it uses nothing but the standard library).
"""

from __future__ import annotations

import json
from pathlib import Path

INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
INSTRUCTOR_LAB_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                          "@jupyter/nbgrader:course-list")
PROGRESS_SERVER_EXTENSION = "apilab.course.progress_server"  # the Course progress sidebar's server side


def extension_settings(instructor: bool) -> tuple[dict, dict]:
    """The server config and JupyterLab page config of an instructor's server or a learner's."""
    switches = {name: instructor for name in INSTRUCTOR_SERVER_EXTENSIONS}
    if not instructor:
        switches[PROGRESS_SERVER_EXTENSION] = True
    server = {"ServerApp": {"jpserver_extensions": switches}}
    page = {"disabledExtensions": {name: not instructor for name in INSTRUCTOR_LAB_PLUGINS}}
    return server, page


def write_config_folder(folder: Path, instructor: bool, extra: dict | None = None) -> Path:
    """Write ``extension_settings(instructor)`` (with ``extra`` server settings) into the config ``folder``."""
    server, page = extension_settings(instructor)
    folder = Path(folder)
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    (folder / "jupyter_server_config.json").write_text(json.dumps({**(extra or {}), **server}, indent=2) + "\n")
    (folder / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2) + "\n")
    return folder
