"""What the verification runner exports of an exercise 3 (03-scaling) answer: app files, results and fig as data.

``apilab.grading.verify`` starts ``verify_runner`` with ``--ops apilab.grading.scaling_ops``;
the grader then asks ``"scaling_export"`` once. Nothing here decides a point:
this runs beside the learner's code, so it only produces data, which the
grader's process checks (``apilab.grading.verify_scaling``).

Importing this module (the runner does, before the answer cells run) makes the
runner's shell behave as the graded kernel: it sets ``NBGRADER_EXECUTION`` as
nbgrader does while it grades, so the setup cell cuts the load short, and closes
every figure once its cell has run, as Jupyter's inline backend does (so a
``plt.gcf()`` in a later cell finds an empty figure there too).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from apilab.measure.scaling_checks import EXPORTED_APPS, TARGETS, figure_found, results_found

MAX_APP_BYTES = 1_000_000



def _close_figures(result=None) -> None:
    """Close every matplotlib figure, as Jupyter's inline backend does after each cell."""
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _behave_as_the_graded_kernel() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    os.environ.setdefault("NBGRADER_EXECUTION", "autograde")
    InteractiveShell.instance().events.register("post_run_cell", _close_figures)


_behave_as_the_graded_kernel()


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
