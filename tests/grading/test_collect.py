"""Collecting copies a submission's regular files only: no link followed, no special file read, nothing oversized."""

from __future__ import annotations

import os

from apilab.grading import collect
from apilab.grading.text import plain


def test_only_regular_files_are_copied_and_the_rest_is_said(tmp_path, monkeypatch):
    secret = tmp_path / "solutions.ipynb"
    secret.write_text("the solution")
    source = tmp_path / "alice+01-flask-api+2026"
    (source / "sub").mkdir(parents=True)
    (source / "01-flask-api.ipynb").write_text("{}")
    (source / "sub" / "notes.txt").write_text("mine")
    (source / "answer.ipynb").symlink_to(secret)
    (source / "linked-folder").symlink_to(tmp_path)
    os.mkfifo(source / "pipe")
    monkeypatch.setattr(collect, "MAX_FILE_BYTES", 100)
    (source / "big.bin").write_bytes(b"x" * 101)
    (source / ".ipynb_checkpoints").mkdir()
    (source / ".ipynb_checkpoints" / "old.ipynb").write_text("{}")
    target = tmp_path / "submitted"
    left_out = collect.copy_regular_files(source, target, ignore=[".ipynb_checkpoints"])
    copied = sorted(str(path.relative_to(target)) for path in target.rglob("*") if path.is_file())
    assert copied == ["01-flask-api.ipynb", "sub/notes.txt"]
    assert not any(path.is_symlink() for path in target.rglob("*"))
    assert sorted(left_out) == ["answer.ipynb", "big.bin", "pipe"]
    found = {str(relative): why for relative, why in collect.unsafe_entries(source)}
    assert found["answer.ipynb"] == "is a link" and found["linked-folder"] == "is a link"
    assert found["pipe"] == "is not a regular file" and "larger than" in found["big.bin"]


def test_learners_text_is_shown_on_one_line_escaped_and_cut():
    assert plain("\r\x1b[2Kalice 20/20\nnext") == "\\x0d\\x1b[2Kalice 20/20 next"
    assert plain("é ü 日本") == "é ü 日本"
    assert plain("x" * 500, 10) == "x" * 9 + "…"
