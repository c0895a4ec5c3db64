"""Correct answers to the graded exercises, which the grading samples give as they are or break with one edit.

A wrong sample is a correct answer with its one bug written as an edit,
``with_edit(FLASK_API, old="...", new="...")``; the old text must occur
exactly once (``reference_apps.mutation.apply_edits``), so a change to a
correct answer cannot silently turn a wrong sample into a copy of it. The
answers live here, outside ``grading/samples/``, where every module is a learner.
"""

from reference_apps.mutation import apply_edits


def with_edit(source: str, old: str, new: str) -> str:
    """``source`` with the text ``old`` (which must occur exactly once) replaced by ``new``."""
    return apply_edits(source, [(old, new)], "a sample's edit of a correct answer")


def with_edits(source: str, *edits: tuple[str, str]) -> str:
    """``source`` with each (old, new) edit applied in turn, every old text occurring exactly once."""
    return apply_edits(source, edits, "a sample's edit of a correct answer")
