"""Generate the course's table of contents and the links between lessons.

Everything here is derived from the lesson notebooks' file names
(``NN-Title-Words.ipynb`` in ``notebooks/``) and their title cells (the first
markdown cell starting with ``# ``), never typed by hand:

- ``notebooks/00-Index.ipynb``, the index notebook;
- the README's lesson list, between the lines ``<!-- toc -->`` and ``<!-- /toc -->``;
- the exercise table of ``site/learning.md``, between ``<!-- exercises -->`` and
  ``<!-- /exercises -->``, from ``apilab.exercises`` (what each builds, after which
  lesson) and the solution notebooks (the points, graded automatically and by hand);
- a navigation cell (previous / contents / next) at the top and the bottom of
  every lesson, marked by its cell metadata ``{"apilab": {"navigation": "top"}}``
  so that it is replaced, never duplicated, and keeps its cell id.

``apilab toc`` writes what is stale; ``apilab toc --check`` writes nothing and
exits 1 with a one-line reason when anything is stale (CI runs it as a test).
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

COURSE_ROOT = Path(__file__).resolve().parents[3]
INDEX_NAME = "00-Index.ipynb"
LESSON_NAME = re.compile(r"^(\d\d)-([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)\.ipynb$")
TOC_START, TOC_END = "<!-- toc -->", "<!-- /toc -->"
EXERCISES_MARKER = "exercises"  # <!-- exercises --> ... <!-- /exercises --> in site/learning.md
LEARNING_PAGE = Path("site") / "learning.md"
NAV_KEY = "navigation"


@dataclass(frozen=True)
class Lesson:
    """One lesson notebook: its number, file name and title."""

    number: int
    filename: str
    title: str


def lesson_files(notebooks_dir: Path) -> list[Path]:
    """Return the lesson notebooks (``NN-Title.ipynb``, not the index) in reading order."""
    return sorted(
        path for path in Path(notebooks_dir).glob("*.ipynb")
        if LESSON_NAME.match(path.name) and path.name != INDEX_NAME
    )


def is_navigation(cell) -> bool:
    """True for a navigation cell written by this module."""
    return NAV_KEY in cell.get("metadata", {}).get("apilab", {})


def title_of(notebook, filename: str) -> str:
    """Return the text of the notebook's title cell (its first ``# `` heading)."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown" or is_navigation(cell):
            continue
        first_line = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if first_line.startswith("# "):
            return first_line[2:].strip()
        break
    raise ValueError(f"{filename}: the first markdown cell must be the title, a line starting with '# '")


def read_lessons(notebooks_dir: Path) -> list[Lesson]:
    """Read every lesson's number and title, in reading order."""
    lessons = []
    for path in lesson_files(notebooks_dir):
        notebook = nbformat.read(path, as_version=4)
        lessons.append(Lesson(int(path.name[:2]), path.name, title_of(notebook, path.name)))
    return lessons


def link(lesson: Lesson, prefix: str = "", numbered: bool = True) -> str:
    """Markdown link to a lesson (its text starting with the lesson's number unless ``numbered`` is false)."""
    text = f"{lesson.number:02d}. {lesson.title}" if numbered else lesson.title
    return f"[{text}]({prefix}{lesson.filename})"


def navigation_source(lessons: list[Lesson], position: int) -> str:
    """The markdown of the navigation cell of lessons[position]."""
    parts = []
    if position > 0:
        parts.append("← " + link(lessons[position - 1]))
    parts.append(f"[Contents]({INDEX_NAME})")
    if position < len(lessons) - 1:
        parts.append(link(lessons[position + 1]) + " →")
    return " | ".join(parts)


def with_navigation(notebook, lessons: list[Lesson], position: int):
    """Return a copy of the notebook with fresh top and bottom navigation cells (ids kept)."""
    notebook = nbformat.from_dict(notebook)
    source = navigation_source(lessons, position)
    kept = {cell.metadata["apilab"][NAV_KEY]: cell for cell in notebook.cells if is_navigation(cell)}
    body = [cell for cell in notebook.cells if not is_navigation(cell)]
    cells = []
    for where in ("top", "bottom"):
        cell = kept.get(where) or nbformat.v4.new_markdown_cell(id=f"navigation-{where}")
        cell.source = source
        cell.metadata = {"apilab": {NAV_KEY: where}}
        cells.append(cell)
    notebook.cells = [cells[0], *body, cells[1]]
    return notebook


def readme_list(lessons: list[Lesson]) -> str:
    """The README's lesson list (the lines between the toc markers)."""
    return "\n".join(f"{lesson.number}. {link(lesson, 'notebooks/', numbered=False)}" for lesson in lessons)


def replace_between_markers(text: str, body: str, where: str = "text", marker: str = "toc") -> str:
    """Return ``text`` with the lines between ``<!-- marker -->`` and ``<!-- /marker -->`` replaced by ``body``."""
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == start]
    ends = [i for i, line in enumerate(lines) if line.strip() == end]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise ValueError(f"{where} needs exactly one line '{start}' followed by one line '{end}'")
    return "\n".join(lines[: starts[0] + 1] + body.split("\n") + lines[ends[0]:])


def exercise_points(root: Path, assignment: str) -> tuple[float, float]:
    """(every point, the points graded by hand) of an exercise, from its solution notebook's nbgrader metadata."""
    path = root / "solutions" / assignment / f"{assignment}.ipynb"
    cells = [cell.get("metadata", {}).get("nbgrader", {}) for cell in nbformat.read(path, as_version=4).cells]
    graded = [meta for meta in cells if meta.get("grade")]
    return (sum(meta.get("points") or 0 for meta in graded),
            sum(meta.get("points") or 0 for meta in graded if meta.get("solution")))


def exercise_table(root: Path, lessons: list[Lesson]) -> str:
    """The exercise table: each exercise, what the learner builds, its points, the lesson it follows."""
    from apilab.exercises import EXERCISES

    by_file = {lesson.filename: lesson for lesson in lessons}
    rows = ["| exercise | you build | points | after the lesson |", "|---|---|---|---|"]
    for assignment, exercise in EXERCISES.items():
        lesson = by_file.get(exercise.released_after)
        if lesson is None:
            raise ValueError(f"exercise {assignment} follows {exercise.released_after}, which is not a lesson")
        total, by_hand = exercise_points(root, assignment)
        points = f"{total:g} ({by_hand:g} by hand)" if by_hand else f"{total:g}"
        rows.append(f"| `{assignment}` | {exercise.builds} | {points} | {link(lesson, '../notebooks/', False)} |")
    return "\n".join(rows)


def index_notebook(lessons: list[Lesson], previous=None):
    """Build the index notebook (cell ids kept from ``previous`` when it has them)."""
    intro = (
        "# Flask vs Django: building RESTful APIs in Python\n\n"
        "The lessons, in reading order. Each opens with its learning goals and one "
        "\"run this first\" cell, and ends with a summary and a link to the next. "
        "Run a lesson top to bottom (*Run → Run All Cells*); servers start inside the "
        "notebook, no terminal needed.\n\n"
        "*This page is generated from the lessons' file names and titles by `apilab toc`.*"
    )
    lesson_list = "\n".join(f"{lesson.number}. {link(lesson, numbered=False)}" for lesson in lessons)
    exercises = (
        "## Graded exercises\n\n"
        "When you have worked through the lessons, fetch the exercises from *Nbgrader → "
        "Assignment List* and press **Validate** before you submit: "
        "[Learning with this course](../site/learning.md#the-exercises) says how, and how points are counted."
    )
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = dict(previous.metadata) if previous is not None else {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    notebook.cells = [
        nbformat.v4.new_markdown_cell(intro, id="index-title"),
        nbformat.v4.new_markdown_cell("## Lessons\n\n" + lesson_list, id="index-lessons"),
        nbformat.v4.new_markdown_cell(exercises, id="index-exercises"),
    ]
    return notebook


def notebook_text(notebook) -> str:
    """The notebook serialised as nbformat writes it."""
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def planned_files(root: Path) -> dict[Path, str]:
    """Return {path: the text it should have} for every file the table of contents owns."""
    notebooks_dir = root / "notebooks"
    lessons = read_lessons(notebooks_dir)
    if not lessons:
        raise ValueError(f"no lesson notebooks (NN-Title-Words.ipynb) in {notebooks_dir}")
    planned = {}
    for position, lesson in enumerate(lessons):
        path = notebooks_dir / lesson.filename
        notebook = nbformat.read(path, as_version=4)
        planned[path] = notebook_text(with_navigation(notebook, lessons, position))
    index_path = notebooks_dir / INDEX_NAME
    previous = nbformat.read(index_path, as_version=4) if index_path.exists() else None
    planned[index_path] = notebook_text(index_notebook(lessons, previous))
    readme = root / "README.md"
    if readme.exists():
        planned[readme] = replace_between_markers(readme.read_text(), readme_list(lessons), "README.md")
    learning = root / LEARNING_PAGE
    if learning.exists() and (root / "solutions").is_dir():
        planned[learning] = replace_between_markers(learning.read_text(), exercise_table(root, lessons),
                                                    str(LEARNING_PAGE), EXERCISES_MARKER)
    return planned


def stale_files(root: Path) -> list[Path]:
    """Return the generated files whose content differs from what they should be."""
    return [
        path for path, text in planned_files(root).items()
        if not path.exists() or path.read_text() != text
    ]


def write(root: Path) -> list[Path]:
    """Rewrite the stale generated files and return them."""
    planned = planned_files(root)
    changed = [path for path, text in planned.items() if not path.exists() or path.read_text() != text]
    for path in changed:
        path.write_text(planned[path])
    return changed


def main(argv: list[str] | None = None) -> int:
    """Command line: ``apilab toc [--check] [--root DIR]``."""
    parser = argparse.ArgumentParser(prog="apilab toc", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when anything is stale")
    parser.add_argument("--root", type=Path, default=COURSE_ROOT, help="the course folder (default: this one)")
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = stale_files(args.root)
            if stale:
                names = ", ".join(str(path.relative_to(args.root)) for path in stale)
                print(f"table of contents is stale in {names}: run `make toc` (apilab toc)")
                return 1
            print("table of contents is up to date")
            return 0
        changed = write(args.root)
    except ValueError as error:
        print(f"apilab toc: {error}")
        return 1
    print("updated " + ", ".join(str(p.relative_to(args.root)) for p in changed) if changed else "nothing to update")
    return 0
