"""A Jupyter server extension: ``GET /apilab/progress`` answers ``progress.course_progress`` as JSON.

The course's JupyterLab sidebar, *Course progress* (the ``apilab-progress``
JupyterLab extension in ``jupyter/labextensions``), reads it while it is open.
``make lab`` enables both for the learner's workspace; the class environment for
every learner of a hub.

The server's event loop never waits on it: the lessons are read in a thread,
and the exercises in a process of their own (nbgrader's Assignment List changes
the working folder while it lists), for at most ``EXERCISES_TIMEOUT``; a listing
is reused for ``EXERCISES_TTL`` seconds (``BUSY_TTL`` while a grading is under
way), and dropped when the learner's own Fetch, Submit or Validate changes it. What cannot be read is said in the reply
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

from apilab.course.progress import as_of_now, lessons, record_validation

# Seconds a listing of the exercises is reused: listing costs about a CPU-second (nbgrader is imported in a
# process of its own). The learner's own Fetch, Submit, Fetch Feedback and Validate drop it at once; what
# others change (a release, returned feedback) shows within EXERCISES_TTL, a grading under way within BUSY_TTL.
EXERCISES_TTL = 120
BUSY_TTL = 10
BUSY_STATES = ("being graded",)
EXERCISES_TIMEOUT = 60  # seconds the listing may take
_listed: dict[str, tuple[float, dict]] = {}
_generation = [0]  # counts the listings dropped: a listing started before a drop is not kept


def kept_for(listing: dict) -> float:
    """How long a listing is reused: briefly while an exercise is being graded, or after an error."""
    busy = listing.get("error") or any(item.get("state") in BUSY_STATES for item in listing.get("exercises", []))
    return BUSY_TTL if busy else EXERCISES_TTL


async def listed_exercises(root: Path) -> dict:
    """The exercises at ``root`` (``progress.exercises``), listed in a process of their own and kept briefly."""
    kept = _listed.get(str(root))
    if kept and time.monotonic() - kept[0] < kept_for(kept[1]):
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
        listing = await asyncio.to_thread(as_of_now, root, await listed_exercises(root))  # validated, past due now
        self.finish(json.dumps({"lessons": lesson_rows, **listing}))


def forget_listing() -> None:
    """Drop the kept listings: the next request lists again, and a listing under way is not kept."""
    _generation[0] += 1
    _listed.clear()


def forget_listing_after_actions() -> None:
    """Have the Assignment List's Fetch, Fetch Feedback and Submit (in this server) drop the kept listing."""
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    for name in ("fetch_assignment", "fetch_feedback", "submit_assignment"):
        original = getattr(AssignmentList, name)
        if getattr(original, "forgets_listing", False):
            continue

        def action(self, *args, _original=original, **kwargs):
            try:
                return _original(self, *args, **kwargs)
            finally:
                forget_listing()

        action.forgets_listing = True
        setattr(AssignmentList, name, action)


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
        forget_listing()  # a listing started before this is not kept either
        return result

    validate_notebook.records = True
    ValidateAssignmentHandler.validate_notebook = validate_notebook


def _jupyter_server_extension_points():
    return [{"module": "apilab.course.progress_server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    route = url_path_join(serverapp.web_app.settings["base_url"], "apilab", "progress")
    serverapp.web_app.add_handlers(".*$", [(route, ProgressHandler)])
    record_validations()
    forget_listing_after_actions()
