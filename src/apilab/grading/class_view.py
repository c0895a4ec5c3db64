"""The instructor's view of a graded class: scores, the checks failed most, the flagged submissions.

After ``apilab grade-class ASSIGNMENT``, ``class_view(ASSIGNMENT)`` reads the
gradebook (every submission's score) and what grading noted beside it
(``.grading/<assignment>/<student>.json``: flags and, for contract-graded
exercises, every check run from outside) and returns a ``ClassView``: tables
(``scores``, ``most_failed()``, ``flagged``) and ``plot()``, a figure with the
score distribution and the checks failed most. ``apilab class-report
ASSIGNMENT`` prints the same and saves the plot.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where a table is made: the processes grading starts import this package
    import pandas as pd

from apilab.grading.course_config import load_course_config, make_api
from apilab.grading.notes import NOTES_FOLDER


@dataclass
class ClassView:
    """One assignment's graded class: one row per submission, one row per check run."""

    assignment: str
    scores: pd.DataFrame  # student, score, max_score, flags
    checks: pd.DataFrame  # student, cell, group, check, passed

    @property
    def flagged(self) -> pd.DataFrame:
        """The submissions grading flagged, with their flags."""
        return self.scores[self.scores["flags"].str.len() > 0].reset_index(drop=True)

    def most_failed(self, count: int = 10) -> pd.DataFrame:
        """The checks failed by the most submissions: check, group, how many failed it, of how many."""
        if self.checks.empty:
            import pandas as pd

            return pd.DataFrame(columns=["group", "check", "failed by", "of"])
        per_student = self.checks.groupby(["group", "check", "student"])["passed"].all().reset_index()
        table = per_student.groupby(["group", "check"]).agg(failed=("passed", lambda passed: int((~passed).sum())),
                                                            of=("passed", "size")).reset_index()
        table = table[table["failed"] > 0].sort_values(["failed", "group"], ascending=[False, True])
        return table.rename(columns={"failed": "failed by"}).head(count).reset_index(drop=True)

    def plot(self):
        """A figure: the distribution of scores, and the checks failed most."""
        import matplotlib.pyplot as plt

        fig, (scores_axes, checks_axes) = plt.subplots(1, 2, figsize=(12, 4), width_ratios=[1, 1.6])
        graded = self.scores.dropna(subset=["score"])
        top = float(graded["max_score"].max()) if not graded.empty else 1.0
        scores_axes.hist(graded["score"], bins=min(20, max(5, len(graded))), range=(0, top), color="tab:blue")
        scores_axes.set_xlabel(f"score (of {top:g})")
        scores_axes.set_ylabel("submissions")
        scores_axes.set_title(f"{self.assignment}: {len(graded)} graded, {len(self.flagged)} flagged")
        failed = self.most_failed(8)
        labels = [f"[{group}] {check[:50]}" for group, check in zip(failed["group"], failed["check"])]
        checks_axes.barh(labels[::-1], failed["failed by"][::-1], color="tab:red")
        checks_axes.set_xlabel("submissions failing the check")
        checks_axes.set_title("checks failed most" if labels else "no check failed")
        fig.tight_layout()
        return fig


def class_view(assignment: str, course_root: str | os.PathLike = ".", config: Any = None) -> ClassView:
    """Read a graded assignment's scores from the gradebook and its notes from .grading/."""
    from nbgrader.api import MissingEntry

    root = Path(course_root).resolve()
    api = make_api(load_course_config(root, config))
    url = api.coursedir.db_url
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        raise ValueError(f"no gradebook at {url[len('sqlite:///'):]}: run `apilab grade-class {assignment}` first")
    rows = []
    with api.gradebook as gradebook:
        try:
            submissions = gradebook.find_assignment(assignment).submissions
        except MissingEntry:
            raise ValueError(f"assignment {assignment!r} is not in the gradebook; it has: "
                             f"{', '.join(a.name for a in gradebook.assignments) or 'none'}") from None
        for submission in submissions:
            rows.append((submission.student.id, submission.score, submission.max_score))
    check_rows, table_rows = [], []
    for student, score, max_score in sorted(rows):
        path = root / NOTES_FOLDER / assignment / f"{student}.json"
        notes = json.loads(path.read_text()) if path.is_file() else {}
        table_rows.append((student, score, max_score, "; ".join(notes.get("flags", []))))
        check_rows += [(student, check["cell"], check["group"], check["check"], check["passed"])
                       for check in notes.get("checks", [])]
    import pandas as pd

    scores = pd.DataFrame(table_rows, columns=["student", "score", "max_score", "flags"])
    checks = pd.DataFrame(check_rows, columns=["student", "cell", "group", "check", "passed"])
    return ClassView(assignment, scores, checks)


def main(argv: list[str] | None = None) -> int:
    """``apilab class-report ASSIGNMENT [--course DIR] [--plot FILE]``: the class's tables, and the plot saved."""
    parser = argparse.ArgumentParser(
        prog="apilab class-report", description="Show a graded class: scores, checks failed most, flagged submissions.")
    parser.add_argument("assignment", help="the assignment, e.g. 01-flask-api")
    parser.add_argument("--course", default=".", help="the course folder holding nbgrader_config.py (default: .)")
    parser.add_argument("--plot", help="where to save the plot (default: class-report-ASSIGNMENT.png in the course)")
    options = parser.parse_args(argv)
    try:
        view = class_view(options.assignment, options.course)
    except (TypeError, ValueError) as error:
        parser.error(str(error))
    graded = view.scores.dropna(subset=["score"])
    print(f"{options.assignment}: {len(view.scores)} submissions, {len(graded)} graded; "
          f"median score {graded['score'].median() if not graded.empty else float('nan'):g} "
          f"of {graded['max_score'].max() if not graded.empty else 0:g}")
    print(graded["score"].describe().round(2).to_string() if not graded.empty else "(no scores)")
    print("\nChecks failed most:")
    print(view.most_failed().to_string(index=False) if not view.most_failed().empty else "(none)")
    print(f"\nFlagged submissions ({len(view.flagged)}):")
    for student, flags in zip(view.flagged["student"], view.flagged["flags"]):
        print(f"  {student}: {flags}")
    import matplotlib

    matplotlib.use("Agg")
    target = Path(options.plot or Path(options.course) / f"class-report-{options.assignment}.png")
    view.plot().savefig(target, dpi=100)
    print(f"\nPlot saved to {target}")
    return 0
