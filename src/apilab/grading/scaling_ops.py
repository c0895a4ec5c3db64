"""What the verification runner exports of an exercise 3 (03-scaling) answer: app files, results and fig as data.

``apilab.grading.verify`` starts ``verify_runner`` with ``--ops apilab.grading.scaling_ops``;
the grader then asks ``"scaling_export"`` once. Nothing here decides a point:
this runs beside the learner's code, so it only produces data, which the
grader's process checks (``apilab.grading.verify_scaling``).

Importing this module (the runner does, before the answer cells run) sets
``NBGRADER_EXECUTION`` as nbgrader does while it grades, so the setup cell cuts
the load short there as it does in the graded notebook.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from apilab.measure.scaling_checks import EXPORTED_APPS, TARGETS, figure_found, results_found

MAX_APP_BYTES = 1_000_000

os.environ.setdefault("NBGRADER_EXECUTION", "autograde")


def export(answer) -> dict:
    """Copy the two app files of Part 1 into EXPORTED_APPS; return results and fig as plain data."""
    namespace = answer.namespace
    target = Path.cwd() / EXPORTED_APPS
    target.mkdir(exist_ok=True)
    apps = {}
    folder = namespace.get("APP_FOLDER")
    for name in (f"{spec.split(':')[0]}.py" for spec in TARGETS.values()):
        source = Path(str(folder)) / name if isinstance(folder, (str, os.PathLike)) else None
        if source is not None and source.is_file() and source.stat().st_size <= MAX_APP_BYTES:
            shutil.copyfile(source, target / name)
            apps[name] = "copied"
        else:
            apps[name] = f"no file {name} in APP_FOLDER ({folder!s:.200})"
    return {"apps": apps,
            "results": results_found(namespace), "figure": figure_found(namespace)}


OPS = {"scaling_export": export}
