"""The ``apilab`` command: a thin shell over the package's functions.

Usage::

    apilab lab                      open the course in JupyterLab (what `make lab` runs)
    apilab check URL [--part B --token KEY]   check a running API against the contract
    apilab toc [--check]            regenerate (or check) the table of contents and lesson links
    apilab site [--output DIR]      build the course website with every lesson's outputs (make site)
    apilab grade-class ASSIGNMENT   autograde every submission of an assignment in parallel
    apilab class-report ASSIGNMENT  after grading: scores, checks failed most, flagged submissions, a plot
    apilab extend ASSIGNMENT STUDENT --days N   one learner's extension; their late penalty set again
    apilab schedule                 publish the due dates and late policy to the learners' sidebars
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "lab": ("apilab.course.lab", "open the course in JupyterLab on 127.0.0.1 with a token"),
    "check": ("apilab.contract", "check a running API against the Products API contract"),
    "toc": ("apilab.course.toc", "regenerate (or --check) the table of contents and lesson links"),
    "grade-class": ("apilab.grading.grade_class", "autograde a whole class in parallel"),
    "site": ("apilab.course.site", "build the course website, offline, with every lesson's outputs"),
    "class-report": ("apilab.grading.class_view", "a graded class: scores, checks failed most, flagged submissions"),
    "extend": ("apilab.grading.extensions", "give one learner more time; their late penalty set again"),
    "schedule": ("apilab.grading.schedule", "publish the due dates and late policy to the learners' sidebars"),
}


def usage() -> str:
    lines = ["usage: apilab COMMAND [ARGS]", "", "commands:"]
    lines += [f"  {name:<12} {summary}" for name, (_, summary) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"apilab: unknown command {name!r}; choose one of {', '.join(COMMANDS)}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return module.main(rest) or 0


if __name__ == "__main__":
    sys.exit(main())
