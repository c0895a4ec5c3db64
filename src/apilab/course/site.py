"""Build the course website, offline: every lesson with its outputs, and each exercise as a learner gets it.

``make site`` runs ``apilab site``, which writes static HTML (Sphinx, myst-nb and
sphinx-book-theme) to ``build/site/html/`` (git-ignored; open its ``index.html``):

- the front page is for learners: ``site/learning.md``; the lessons follow in the
  course's reading order (``apilab.course.toc``), which also gives each page its
  previous and next links, then the exercises and the guides of ``site/`` for
  instructors and maintainers (``GUIDES``);
- lessons are shown with the outputs they produced: an executed copy kept by the
  test suite's lesson run is reused while current (``apilab.course.executed``), the
  others are executed here, two at a time; a cell that fails fails the build;
- each exercise has a page with the learner's starting notebook from ``exercises/``
  (never ``solutions/``) and how it is graded, read from its nbgrader metadata;
- a link to no page or no section fails the build (``BROKEN_LINK``), naming it;
- MathJax is served by the site itself (npm's ``mathjax``, which ``make site``
  installs into ``build/mathjax/``): no page loads anything from another host.

The Sphinx configuration is ``site/conf.py``. The pages Sphinx reads are assembled
in ``build/site/source/``, rewritten only where they changed, so a rebuild is quick.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from apilab.course import executed, toc

COURSE_ROOT = Path(__file__).resolve().parents[3]
BUILD_DIR = COURSE_ROOT / "build" / "site"
MATHJAX_PACKAGE = COURSE_ROOT / "build" / "mathjax" / "node_modules" / "mathjax"
MATHJAX_INSTALL = "run `make site`, which installs it (npm install --prefix build/mathjax mathjax@3.2.2)"
# What of MathJax's es5 folder a page can load: the TeX-to-HTML bundle and what it loads later.
MATHJAX_PARTS = ("tex-chtml.js", "input", "output/chtml", "ui", "a11y")
PARALLEL_KERNELS = 2
BROKEN_LINK = "[myst.xref_missing]"  # how Sphinx warns of a link to no page or section
FRONT_PAGE = "learning.md"  # in site/: the site's front page, for learners
GUIDES = ["teaching.md", "jupyterhub.md", "grading.md", "maintaining.md"]  # in site/: the other guides, in order
# Developer notes: the guides are written in site/ with links relative to it (../notebooks/...,
# learning.md), so they read the same on a repository host; on the site they sit at the top.


class SiteError(Exception):
    """Why the site could not be built, in one readable line per problem."""


@dataclass
class SiteBuild:
    """What a build did: where the site is, how long it took, which lessons ran here."""

    index: Path
    seconds: float
    lessons: list[str] = field(default_factory=list)
    executed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# -- the pages ---------------------------------------------------------------------------------


def mathjax_files(package: Path = MATHJAX_PACKAGE) -> dict[str, Path]:
    """{path under _static/mathjax/: file} for the MathJax the pages load."""
    es5 = package / "es5"
    if not (es5 / "tex-chtml.js").exists():
        raise SiteError(f"MathJax is not installed in {package}: {MATHJAX_INSTALL}")
    files = {}
    for part in MATHJAX_PARTS:
        source = es5 / part
        for path in ([source] if source.is_file() else sorted(source.rglob("*"))):
            if path.is_file():
                files[str(path.relative_to(es5))] = path
    return files


def image_alt(cell) -> str | None:
    """The alt text a course figure put in its output's metadata (``apilab.measure.charts.Chart``), if any."""
    for output in cell.get("outputs", []):
        alt = output.get("metadata", {}).get("image/png", {}).get("alt")
        if alt:
            return str(alt)
    return None


def shown_as_in_lab(notebook):
    """The notebook with JupyterLab's collapsed cells (source_hidden, outputs_hidden) collapsed on the page too.

    A figure's alt text moves from its output's metadata to the cell's (myst-nb reads it only there).
    """
    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        alt = image_alt(cell)
        if alt:
            cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alt
        jupyter = cell.get("metadata", {}).get("jupyter", {})
        tags = cell.metadata.setdefault("tags", [])
        if jupyter.get("source_hidden") and "hide-input" not in tags:
            tags.append("hide-input")
        if jupyter.get("outputs_hidden") and "hide-output" not in tags:
            tags.append("hide-output")
    return notebook


def with_contents_linking_home(notebook):
    """The lesson with its top navigation cell's "Contents" link pointing to the site's front page.

    The bottom one is left out: the theme ends every page with its own previous and next links.
    """
    notebook = nbformat.from_dict(notebook)
    notebook.cells = [cell for cell in notebook.cells
                      if cell.get("metadata", {}).get("apilab", {}).get(toc.NAV_KEY) != "bottom"]
    for cell in notebook.cells:
        if toc.is_navigation(cell):
            cell.source = cell.source.replace(f"]({toc.INDEX_NAME})", "](../index.md)")
    return notebook


def executed_lessons(paths: list[Path], kept: Path, jobs: int = PARALLEL_KERNELS) -> tuple[dict, list[str]]:
    """Return ({file name: executed notebook}, names executed here): kept copies where current, else run now.

    A lesson run here is kept too (when it ran cleanly). Raises SiteError naming every
    lesson that failed, with the first failing cell of each.
    """
    notebooks, missing = {}, []
    for path in paths:
        source = nbformat.read(path, as_version=4)
        if not executed.has_code(source):
            notebooks[path.name] = source
            continue
        copy = executed.load(path, kept)
        if copy is None:
            missing.append(path)
        else:
            notebooks[path.name] = copy
    failures = []
    if missing:
        print(f"executing {len(missing)} lesson(s) with no current executed copy: "
              + ", ".join(path.name for path in missing), flush=True)
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="site-lesson") as pool:
            for path, (notebook, error) in zip(missing, pool.map(executed.execute, missing)):
                error = executed.first_error(notebook) or (error and error.strip().splitlines()[-1])
                if error:
                    failures.append(f"{path.name}: {error}")
                    continue
                executed.save(path, notebook, kept)
                notebooks[path.name] = notebook
    if failures:
        raise SiteError("a lesson failed, so the site was not built:\n" + "\n".join(failures))
    return notebooks, [path.name for path in missing]


def grading_cell_source(name: str, notebook) -> str:
    """Markdown saying how to get the exercise and how it is graded, from its nbgrader metadata."""
    rows, automatic, by_hand = [], 0, 0
    for cell in notebook.cells:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if not grading.get("grade"):
            continue
        points = grading.get("points") or 0
        if grading.get("solution"):
            by_hand += points
            what = "your written answer, read and graded by your instructor"
        else:
            automatic += points
            first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            what = first_line.lstrip("# ").split(": ", 1)[-1] if first_line.startswith("#") else "tests"
        rows.append(f"| `{grading.get('grade_id', '?')}` | {what.replace('|', '/')} | {points:g} |")
    total = automatic + by_hand
    lines = [
        "## How to do it, and how it is graded",
        "",
        f"Open the course in JupyterLab (`make lab`), then *Nbgrader → Assignment List* and **Fetch** "
        f"`{name}`: your copy lands in `my-work/{name}/`. Write your code where it says `YOUR CODE HERE` "
        "(replace `raise NotImplementedError()`), and press **Validate** to run the test cells below. "
        "When your notebook is graded, nbgrader runs it top to bottom in a fresh kernel and runs each "
        "test cell again, some with more checks than you see here.",
        "",
        f"**{total:g} points**: {automatic:g} checked by the test cells"
        + (f", {by_hand:g} graded by hand." if by_hand else "."),
        "",
        "| graded cell | what it checks | points |",
        "|---|---|---|",
        *rows,
    ]
    return "\n".join(lines)


def exercise_page(path: Path):
    """The learner's notebook with how-to-and-grading after its first cell (the title)."""
    notebook = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_markdown_cell(grading_cell_source(path.parent.name, notebook), id="site-grading")
    notebook.cells.insert(1, cell)
    return shown_as_in_lab(notebook)


def exercise_notebooks(root: Path) -> list[Path]:
    """Every learner notebook in exercises/, by assignment name."""
    return sorted(path for path in (root / "exercises").glob("*/*.ipynb") if ".ipynb_checkpoints" not in path.parts)


def toctree(caption: str, documents: list[str], hidden: bool = True) -> str:
    """A MyST toctree: it makes the sidebar and the previous/next links (and, not hidden, a list on the page)."""
    options = [":hidden:"] if hidden else [":maxdepth: 1"]
    return "\n".join(["```{toctree}", *options, f":caption: {caption}", "", *documents, "```", ""])


def guide_page(path: Path) -> str:
    """A guide of site/ as a page at the site's top: its links to lessons and to the front page rewritten."""
    text = path.read_text(encoding="utf-8")
    return text.replace("](../notebooks/", "](notebooks/").replace(f"]({FRONT_PAGE}", "](index.md")


def index_source(root: Path, lessons: list[str], exercises: list[str], guides: list[str]) -> str:
    """The front page: the learner's guide, then the tables of contents of lessons, exercises and guides."""
    front = guide_page(root / "site" / FRONT_PAGE)
    contents = "## The lessons\n\n" + toctree("Lessons", lessons, hidden=False) + "\n" + toctree("Exercises", exercises)
    if guides:
        contents += "\n" + toctree("Teaching and maintaining", guides)
    return f"{front.rstrip()}\n\n{contents}"


def planned_sources(root: Path, kept: Path, jobs: int = PARALLEL_KERNELS) -> tuple[dict[str, bytes | Path], list[str]]:
    """{path in the source folder: its bytes, or a file to copy}, and the lessons executed to make them."""
    notebooks_dir = root / "notebooks"
    lessons = toc.lesson_files(notebooks_dir)
    if not lessons:
        raise SiteError(f"no lesson notebooks (NN-Title-Words.ipynb) in {notebooks_dir}")
    toc.read_lessons(notebooks_dir)  # every lesson has a title, or this says which does not
    pages, ran = executed_lessons(lessons, kept, jobs)
    planned: dict[str, bytes | Path] = {"conf.py": root / "site" / "conf.py",
                                        "_static/course.css": root / "site" / "course.css"}
    for name, notebook in pages.items():
        page = shown_as_in_lab(with_contents_linking_home(notebook))
        planned[f"notebooks/{name}"] = nbformat.writes(page).encode()
    exercise_docs = []
    for path in exercise_notebooks(root):
        relative = path.relative_to(root)
        planned[str(relative)] = nbformat.writes(exercise_page(path)).encode()
        exercise_docs.append(str(relative.with_suffix("")))
    lesson_docs = [f"notebooks/{path.stem}" for path in lessons]
    if not (root / "site" / FRONT_PAGE).is_file():
        raise SiteError(f"no front page: site/{FRONT_PAGE} is missing")
    guides = [name for name in GUIDES if (root / "site" / name).is_file()]
    for name in guides:
        planned[name] = guide_page(root / "site" / name).encode()
    planned["index.md"] = index_source(root, lesson_docs, exercise_docs, [Path(name).stem for name in guides]).encode()
    for relative, path in mathjax_files().items():
        planned[f"_static/mathjax/{relative}"] = path
    return planned, ran


def write_sources(source: Path, planned: dict[str, bytes | Path]) -> None:
    """Make ``source`` hold exactly the planned files, touching only those that changed."""
    source.mkdir(parents=True, exist_ok=True)
    for relative, content in planned.items():
        target = source / relative
        data = content.read_bytes() if isinstance(content, Path) else content
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    wanted = {source / relative for relative in planned}
    for path in sorted(source.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def run_sphinx(source: Path, html: Path, doctrees: Path) -> list[str]:
    """Run Sphinx's HTML builder; return its warnings, or raise SiteError with its last words."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(doctrees), str(source), str(html)]
    result = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise SiteError(f"Sphinx failed (exit {result.returncode}):\n{tail}")
    return warnings


def build(root: Path = COURSE_ROOT, output: Path | None = None, kept: Path | None = None,
          jobs: int = PARALLEL_KERNELS) -> SiteBuild:
    """Build the site of the course in ``root`` into ``output`` (default build/site/); return what happened.

    ``kept`` is the folder of executed lesson copies (default build/executed/).
    """
    root = Path(root)
    output = Path(output) if output is not None else root / "build" / "site"
    kept = Path(kept) if kept is not None else executed.EXECUTED_DIR
    started = time.monotonic()
    planned, ran = planned_sources(root, kept, jobs)
    write_sources(output / "source", planned)
    warnings = run_sphinx(output / "source", output / "html", output / "doctrees")
    broken = [warning for warning in warnings if BROKEN_LINK in warning]
    if broken:
        raise SiteError(f"{len(broken)} broken link(s), so the site is not finished:\n" + "\n".join(broken))
    lessons = sorted(Path(name).name for name in planned if name.startswith("notebooks/"))
    return SiteBuild(index=output / "html" / "index.html", seconds=time.monotonic() - started,
                     lessons=lessons, executed=ran, warnings=warnings)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``apilab site [--output DIR]``."""
    parser = argparse.ArgumentParser(prog="apilab site", description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=None, help="where to build (default: build/site/)")
    args = parser.parse_args(argv)
    try:
        result = build(output=args.output)
    except SiteError as error:
        print(f"apilab site: {error}")
        return 1
    for warning in result.warnings:
        print(warning)
    print(f"built the site in {result.seconds:.1f} s: {len(result.lessons)} lessons, {len(result.executed)} "
          f"of them executed for this build (the others from kept copies), {len(result.warnings)} Sphinx "
          f"warnings; open {result.index}")
    return 0
