"""A Jupyter server extension: ``GET /apilab/progress`` answers ``progress.course_progress`` as JSON.

The course's JupyterLab sidebar, *Course progress* (the ``apilab-progress``
JupyterLab extension in ``jupyter/labextensions``), reads it while it is open.
``make lab`` enables both for the learner's workspace; the class environment for
every learner of a hub.

The server's event loop never waits on it: the lessons are read in a thread,
and the exercises in a process of their own (nbgrader's Assignment List changes
the working folder while it lists), at most once every ``EXERCISES_TTL`` seconds
and for at most ``EXERCISES_TIMEOUT``. What cannot be read is said in the reply
(``error``), never a 500. It also notes each Validate the server runs (nbgrader
keeps no record of one), so an exercise can show as validated.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from apilab.course.progress import lessons, record_validation

EXERCISES_TTL = 20  # seconds a listing of the exercises is reused
EXERCISES_TIMEOUT = 60  # seconds the listing may take
_listed: dict[str, tuple[float, dict]] = {}
_generation = [0]  # counts the Validates noted: a listing started before one is not kept


async def listed_exercises(root: Path) -> dict:
    """The exercises at ``root`` (``progress.exercises``), listed in a process of their own and kept briefly."""
    kept = _listed.get(str(root))
    if kept and time.monotonic() - kept[0] < EXERCISES_TTL:
        return kept[1]
    generation = _generation[0]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "apilab.course.progress", "--exercises", str(root),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    try:
        out, _ = await asyncio.wait_for(process.communicate(), EXERCISES_TIMEOUT)
        listing = json.loads(out) if process.returncode == 0 else None
    except (TimeoutError, ValueError):
        if process.returncode is None:
            process.kill()
            await process.wait()
        listing = None
    if not isinstance(listing, dict):
        listing = {"exercises": [], "error": "the Assignment List could not be read; open it to see why"}
    if generation == _generation[0]:
        _listed[str(root)] = (time.monotonic(), listing)
    return listing


class ProgressHandler(APIHandler):
    auth_resource = "contents"  # it reads the learner's files

    @web.authenticated
    @authorized
    async def get(self):
        root = Path(self.settings["server_root_dir"])
        try:
            lesson_rows = await asyncio.to_thread(lessons, root)
        except Exception as error:  # shown in the panel, the rest still answers
            lesson_rows = []
            self.log.warning("Course progress: lessons unreadable: %s", error)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"lessons": lesson_rows, **await listed_exercises(root)}))


def record_validations() -> None:
    """Have nbgrader's Validate (in this server) note each notebook it checks, for the sidebar's "validated".

    nbgrader keeps no record of a Validate; its handler's answer is noted (``progress.record_validation``)
    and the kept listing of exercises dropped, so the sidebar shows it at its next refresh.
    """
    from nbgrader.server_extensions.validate_assignment.handlers import ValidateAssignmentHandler

    original = ValidateAssignmentHandler.validate_notebook
    if getattr(original, "records", False):
        return

    def validate_notebook(self, path):
        result = original(self, path)
        try:
            record_validation(self.root_dir, path, result)
        except Exception as error:  # nbgrader's answer goes back whatever happens to the note
            self.log.warning("Course progress: a Validate could not be noted: %s", error)
        _generation[0] += 1  # a listing started before this is not kept
        _listed.clear()
        return result

    validate_notebook.records = True
    ValidateAssignmentHandler.validate_notebook = validate_notebook


def _jupyter_server_extension_points():
    return [{"module": "apilab.course.progress_server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    route = url_path_join(serverapp.web_app.settings["base_url"], "apilab", "progress")
    serverapp.web_app.add_handlers(".*$", [(route, ProgressHandler)])
    record_validations()
