"""Collecting submissions without trusting them: nbgrader's collect, copying regular files only, within limits.

nbgrader's own collect copies a submission with ``shutil.copytree``, which
follows links: a submission that is a link to a file the instructor can read
arrives as a copy of that file. ``SafeCollect`` (the course's
``nbgrader_config.py`` makes it the exchange's collect) copies the regular
files of a submission and nothing else: links, devices, sockets and pipes are
left behind, and so are files over ``MAX_FILE_BYTES`` and whatever passes
``MAX_FILES`` or ``MAX_TOTAL_BYTES``, each with one line in the log naming the
learner and the file. Nothing it opens follows a link.

``unsafe_entries(folder)`` says the same of a folder already under
``submitted/`` (grading leaves those out, flagged).
"""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect

from apilab.grading.text import plain

MAX_FILE_BYTES = 20 * 1024 * 1024  # a notebook with its outputs stays well under this
MAX_FILES = 200
MAX_TOTAL_BYTES = 100 * 1024 * 1024


def unsafe_entries(folder: str | os.PathLike) -> list[tuple[Path, str]]:
    """(path relative to ``folder``, why) of what in it is not a regular file or a folder, or is too large."""
    found, total, count = [], 0, 0
    root = Path(folder)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            info = path.lstat()
            relative = path.relative_to(root)
            if stat.S_ISLNK(info.st_mode):
                found.append((relative, "is a link"))
            elif stat.S_ISDIR(info.st_mode):
                continue
            elif not stat.S_ISREG(info.st_mode):
                found.append((relative, "is not a regular file"))
            elif info.st_size > MAX_FILE_BYTES:
                found.append((relative, f"is larger than {MAX_FILE_BYTES // 2**20} MiB"))
            else:
                count += 1
                total += info.st_size
                if count > MAX_FILES or total > MAX_TOTAL_BYTES:
                    found.append((relative, f"is past the limit of {MAX_FILES} files or "
                                            f"{MAX_TOTAL_BYTES // 2**20} MiB in all"))
    return found


def described(entries: list[tuple[Path, str]]) -> list[str]:
    """One printable phrase per entry of ``unsafe_entries``."""
    return [f"{plain(str(relative), 80)} {why}" for relative, why in entries]


def copy_regular_files(source: Path, target: Path, log=None, ignore: list[str] = ()) -> list[str]:
    """Copy the regular files under ``source`` into ``target`` (made), never through a link; what was left out.

    Names matching a pattern of ``ignore`` (nbgrader's CourseDirectory.ignore) are not copied.
    """
    skipped = described(unsafe_entries(source))
    left_out = []
    target.mkdir(parents=True)
    total = count = 0
    # By descriptor, never by path: a folder swapped for a link while it is copied is not followed (fwalk
    # compares what it opened with what it looked at), and each file is opened inside the folder it is in.
    for dirpath, dirnames, filenames, dirfd in os.fwalk(source, follow_symlinks=False):
        here = Path(dirpath)
        for name in list(dirnames):
            if any(fnmatch.fnmatch(name, pattern) for pattern in ignore):
                dirnames.remove(name)
                continue
            (target / (here / name).relative_to(source)).mkdir(exist_ok=True)
        for name in filenames:
            if any(fnmatch.fnmatch(name, pattern) for pattern in ignore):
                continue
            relative = (here / name).relative_to(source)
            try:
                handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dirfd)
            except OSError:
                left_out.append(plain(str(relative), 80))
                continue
            with os.fdopen(handle, "rb") as file:
                info = os.fstat(file.fileno())
                too_many = count >= MAX_FILES or total + info.st_size > MAX_TOTAL_BYTES
                if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES or too_many:
                    left_out.append(plain(str(relative), 80))
                    continue
                data = file.read(MAX_FILE_BYTES + 1)
            count += 1
            total += len(data)
            (target / relative).write_bytes(data)
    if log is not None:
        for problem in skipped:
            log.warning("left out of the collected submission: %s", problem)
    return left_out


class SafeCollect(ExchangeCollect):
    """nbgrader's collect, copying each submission's regular files only (no link followed), within limits."""

    def do_copy(self, src, dest, log=None):
        source, target = Path(src), Path(dest)
        if source.is_symlink() or not source.is_dir():
            self.log.error("not collected: %s is not a folder of the learner's (a link?)", plain(str(src), 200))
            return
        left_out = copy_regular_files(source, target, self.log, list(self.coursedir.ignore))
        if left_out:
            self.log.warning("%s: left out of the collected submission: %s", plain(source.name, 120),
                             ", ".join(left_out[:10]))
