"""A Jupyter server extension: ``GET /apilab/progress`` answers ``progress.course_progress`` as JSON.

The course's JupyterLab sidebar, *Course progress* (the ``apilab-progress``
JupyterLab extension in ``jupyter/labextensions``), reads it. ``make lab``
enables both for the learner's workspace.
"""

from __future__ import annotations

import json
from pathlib import Path

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from apilab.course.progress import course_progress


class ProgressHandler(APIHandler):
    @web.authenticated
    def get(self):
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(course_progress(Path(self.settings["server_root_dir"]))))


def _jupyter_server_extension_points():
    return [{"module": "apilab.course.progress_server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    route = url_path_join(serverapp.web_app.settings["base_url"], "apilab", "progress")
    serverapp.web_app.add_handlers(".*$", [(route, ProgressHandler)])
