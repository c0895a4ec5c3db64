"""What an instructor should look at in a submission, in words: flags read from the files nbgrader handled.

Read-only cells the submission edited or deleted (nbgrader restores test cells),
course files it changed (graded with the course's copy), files the release did
not contain (left out of grading), what nbgrader's log says it could not do,
and cells interrupted at the time limit or cut short for printing too much.
"""

from __future__ import annotations

from pathlib import Path

from apilab.grading.collect import described, unsafe_entries
from apilab.grading.sandbox import KERNEL_STOPPED, MESSAGE_BYTES, TRUNCATED
from apilab.grading.text import plain


def tampered_cells(api, assignment: str, student: str) -> list[str]:
    """Flags for read-only cells (tests, setup) the submission deleted or edited; autograde restores tests."""
    import nbformat

    released = Path(api.coursedir.format_path(api.coursedir.release_directory, ".", assignment))
    submitted = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment))
    flags = []
    for original in sorted(released.glob("*.ipynb")):
        theirs = submitted / original.name
        if theirs.is_symlink() or not theirs.is_file():
            continue
        try:
            cells = {grade_id(cell): cell for cell in nbformat.read(theirs, as_version=4).cells}
        except Exception as error:  # not a notebook: nbgrader's autograde fails on it and says so
            flags.append(f"{original.name} is not a notebook nbgrader can read "
                         f"({type(error).__name__}: {plain(str(error), 80)})")
            continue
        for cell in nbformat.read(original, as_version=4).cells:
            nbgrader = cell.get("metadata", {}).get("nbgrader", {})
            if not nbgrader.get("locked"):
                continue
            name, is_test = nbgrader.get("grade_id"), nbgrader.get("grade", False)
            if name not in cells:
                restored = "restored and run" if is_test else "not restored"
                flags.append(f"{'test' if is_test else 'read-only'} cell {plain(name, 60)} was deleted ({restored})")
            elif cells[name].source.strip() != cell.source.strip():
                flags.append(f"read-only cell {plain(name, 60)} was edited (restored and run)")
    return flags


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def from_log(log: str) -> list[str]:
    """What nbgrader's log says it could not do, in words."""
    flags = []
    if KERNEL_STOPPED in log:
        flags.append("autograde failed: cells kept running past the time limit, so the kernel was stopped; "
                     "not graded")
    elif "DeadKernelError" in log or "Kernel died" in log:
        flags.append("autograde failed: the kernel died (os._exit, a crash or out of memory); not graded")
    elif "Timeout waiting for IOPub output" in log:
        flags.append(f"autograde failed: the kernel's output stopped reaching the grader (a message over "
                     f"{MESSAGE_BYTES >> 20} MiB, e.g. a print of a huge value, is refused); not graded")
    elif "UnresponsiveKernelError" in log or "became unresponsive" in log:
        flags.append("autograde failed: the kernel stopped responding and could not be interrupted; not graded")
    return flags


def from_notebooks(folder: Path, names: list[str]) -> list[str]:
    """Cells interrupted at the time limit and output cut short, read from the autograded notebooks ``names``."""
    import nbformat

    flags, flooded = [], []
    for path in (folder / name for name in names):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception:  # nbgrader wrote it; if it cannot be read, its autograde already said why
            continue
        for index, cell in enumerate(notebook.cells):
            name = plain(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {index + 1}", 60)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                    flags.append(f"{name} ran past the time limit and was interrupted")
                elif output.get("output_type") == "stream" and TRUNCATED in output.get("text", ""):
                    flooded.append(name)
    if flooded:
        names = list(dict.fromkeys(flooded))
        flags.append(f"printed too much: output cut short in {len(names)} cell{'s' if len(names) > 1 else ''} "
                     f"({', '.join(names[:4])}{', ...' if len(names) > 4 else ''})")
    return list(dict.fromkeys(flags))


def changed_course_files(api, assignment: str, student: str) -> list[str]:
    """Flags for course files (not notebooks) a submission changed; autograde puts the course's copy back."""
    import filecmp
    import fnmatch

    source = Path(api.coursedir.format_path(api.coursedir.source_directory, ".", assignment))
    submitted = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment))
    ignored = list(api.coursedir.ignore) + ["*.ipynb"]
    flags = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if not path.is_file() or any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in ignored):
            continue
        theirs = submitted / relative
        if theirs.is_file() and not theirs.is_symlink() and not filecmp.cmp(path, theirs, shallow=False):
            flags.append(f"course file {relative} was changed in the submission (graded with the course's copy)")
    return flags


def extra_files(api, assignment: str, student: str) -> list[str]:
    """Top-level files and folders of a submission that the release did not contain (notebooks aside)."""
    released = Path(api.coursedir.format_path(api.coursedir.release_directory, ".", assignment))
    submitted = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment))
    known = {path.name for path in released.iterdir()} if released.is_dir() else set()
    bookkeeping = {"timestamp.txt", "submission_secret.txt", ".ipynb_checkpoints", "__pycache__"}
    return sorted(path.name for path in submitted.iterdir()
                  if path.name not in known | bookkeeping and path.suffix != ".ipynb")


def unsafe_files(api, assignment: str, student: str) -> tuple[list[str], list[str]]:
    """(flags, names to leave out of grading) for links, special files and oversized files in a submission."""
    submitted = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment))
    if not submitted.is_dir():
        return [], []
    found = unsafe_entries(submitted)
    if not found:
        return [], []
    names = sorted({relative.name for relative, _ in found})
    phrases = described(found)
    flag = (f"files that are not plain files of the learner's were left out of grading: {'; '.join(phrases[:3])}"
            f"{'; ...' if len(phrases) > 3 else ''}")
    return [flag], names

